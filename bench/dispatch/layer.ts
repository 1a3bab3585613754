/**
 * layer's echo bots: through the framework (a decorated handler class,
 * LayerBot, ctx.reply) and bare (client.updates$ and client.sendMessage), the
 * second to show what the framework costs.
 */
import 'reflect-metadata';
import { injectable } from 'tsyringe';
import { Client } from '../../src/protocol/client/client.js';
import { LayerBot, silentLogger } from '../../src/framework/bot/index.js';
import { OnNewMessage } from '../../src/framework/decorators/index.js';
import type { NewMessageContext } from '../../src/framework/context/index.js';
import type { RunningBot, Target } from './target.js';

@injectable()
class EchoHandler {
  @OnNewMessage()
  async echo(ctx: NewMessageContext): Promise<void> {
    if (ctx.outgoing) return;
    await ctx.reply(ctx.text);
  }
}

const clientOptions = (target: Target) => ({
  dcs: target.dcs,
  rsaKeys: [{ pem: target.publicKeyPem, fingerprint: BigInt(target.fingerprint) }],
  dcId: target.dcId,
});

export async function startLayerBot(target: Target): Promise<RunningBot> {
  const bot = LayerBot.create({
    config: { apiId: 1, apiHash: 'bench', botToken: target.token },
    handlers: [EchoHandler],
    client: clientOptions(target),
    logger: silentLogger,
  });
  await bot.start();
  return { stop: () => bot.stop({ timeoutMs: 1000 }) };
}

export async function startBareLayerBot(target: Target): Promise<RunningBot> {
  const client = new Client({ ...clientOptions(target), apiId: 1, apiHash: 'bench' });
  const subscription = client.updates$.subscribe(({ update, users }) => {
    if (update._ !== 'updateNewMessage' || update.message._ !== 'message' || update.message.out) return;
    const message = update.message;
    const peer = message.peerId;
    // The sender as the update brought it (with its access hash), like the framework's event.chat.
    const chat = peer._ === 'peerUser' ? (users.find((u) => u.id === peer.userId) ?? peer) : peer;
    client.sendMessage(chat, message.message, { replyTo: message.id }).catch(() => undefined);
  });
  await client.connect();
  await client.signInBot(target.token);
  return {
    stop: async () => {
      subscription.unsubscribe();
      await client.close();
    },
  };
}
