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
import { connectTcp } from '@fuman/node';
import { IntermediatePacketCodec, MemoryStorage } from '@mtcute/core';
import type { ICorePlatform, TelegramTransport } from '@mtcute/core';
import { TelegramClient } from '@mtcute/core/client.js';
import type { BasicDcOption } from '@mtcute/core/utils.js';
import type { Emulator } from '../../src/emulator/index.js';
import { InteropCryptoProvider, trustEmulatorKey } from '../../test/interop/mtcute.js';
import { emulatorLayerMaps } from './mtcute-layer.js';
import { emulatorLike, type RunningBot, type Target } from './target.js';

const silentPlatform: ICorePlatform = {
  beforeExit: () => () => {},
  // MTCUTE_LOG=1..5 prints what mtcute logs (with logLevel set to it).
  log: (_color, level, tag, fmt, args) => void (process.env.MTCUTE_LOG && console.error(`[mtcute ${level}] ${tag} ${fmt}`, ...args)),
  getDefaultLogLevel: () => null,
  getDeviceModel: () => 'bench',
};

const transport: TelegramTransport = {
  connect: (dc: BasicDcOption) => connectTcp({ address: dc.ipAddress, port: dc.port }),
  packetCodec: () => new IntermediatePacketCodec(),
};

export async function startMtcuteBot(target: Target, options: { dispatcher?: boolean } = {}): Promise<RunningBot> {
  const dc = target.dcs.find((d) => d.id === target.dcId)!;
  const option: BasicDcOption = { id: dc.id, ipAddress: dc.host, port: dc.port };
  const crypto = new InteropCryptoProvider();
  const { readerMap, writerMap } = await emulatorLayerMaps();
  const client = new TelegramClient({
    apiId: 1,
    apiHash: 'bench',
    storage: new MemoryStorage(),
    crypto,
    platform: silentPlatform,
    transport,
    defaultDcs: { main: option, media: option },
    readerMap: readerMap as never,
    writerMap: writerMap as never,
    logLevel: Number(process.env.MTCUTE_LOG ?? 0),
  });
  trustEmulatorKey(emulatorLike(target) as unknown as Emulator, crypto);
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
