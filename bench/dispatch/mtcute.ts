/**
 * mtcute's echo bot: @mtcute/core 0.30.3's TelegramClient with its updates
 * manager, on mtcute's default transport (TCP intermediate, as @mtcute/node
 * uses), replying with `client.replyText`. The handler is registered through
 * @mtcute/dispatcher (`Dispatcher.for(client).onNewMessage`, `msg.replyText`)
 * when `dispatcher` is set, else on the client's own `onNewMessage` emitter.
 * The crypto provider is the interop test's (node:crypto + mtcute's WASM for
 * AES-IGE, what @mtcute/node would give without its native SQLite); the
 * TL maps are mtcute's own with the emulator's layer where it differs
 * (mtcute-layer.ts).
 */
import { mtcuteClient } from '../mtcute-client.js';
import { emulatorLayerMaps } from './mtcute-layer.js';
import type { RunningBot, Target } from './target.js';

export async function startMtcuteBot(target: Target, options: { dispatcher?: boolean } = {}): Promise<RunningBot> {
  const { readerMap, writerMap } = await emulatorLayerMaps();
  const client = mtcuteClient(target, { readerMap: readerMap as never, writerMap: writerMap as never });
  if (options.dispatcher) {
    const { Dispatcher } = await import('@mtcute/dispatcher' as string);
    const dp = Dispatcher.for(client);
    dp.onNewMessage(async (msg: { isOutgoing: boolean; text: string; replyText(text: string): Promise<unknown> }) => {
      if (msg.isOutgoing) return;
      await msg.replyText(msg.text);
    });
  } else {
    client.onNewMessage.add((msg) => {
      if (msg.isOutgoing) return;
      client.replyText(msg, msg.text).catch(() => undefined);
    });
  }
  await client.start({ botToken: target.token });
  return { stop: () => client.destroy() };
}
