/** An mtcute client of the emulator, as both benches start it: TCP via @fuman/node, intermediate framing, our RSA key trusted. */
import { connectTcp } from '@fuman/node';
import { IntermediatePacketCodec, MemoryStorage } from '@mtcute/core';
import type { ICorePlatform, TelegramTransport } from '@mtcute/core';
import { TelegramClient } from '@mtcute/core/client.js';
import type { BasicDcOption } from '@mtcute/core/utils.js';
import type { Emulator } from '../src/emulator/index.js';
import { InteropCryptoProvider, trustEmulatorKey } from '../test/interop/mtcute.js';
import { emulatorLike, type Target } from './dispatch/target.js';

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

type Options = ConstructorParameters<typeof TelegramClient>[0];

/** A client for `target`'s DC; `extra` adds or overrides options (updates, network, reader/writer maps). Not started. */
export function mtcuteClient(target: Target, extra: Partial<Options> = {}): TelegramClient {
  const dc = target.dcs.find((d) => d.id === target.dcId)!;
  const option: BasicDcOption = { id: dc.id, ipAddress: dc.host, port: dc.port };
  const crypto = new InteropCryptoProvider();
  const client = new TelegramClient({
    apiId: 1,
    apiHash: 'bench',
    storage: new MemoryStorage(),
    crypto,
    platform: silentPlatform,
    transport,
    defaultDcs: { main: option, media: option },
    logLevel: Number(process.env.MTCUTE_LOG ?? 0),
    ...extra,
  });
  trustEmulatorKey(emulatorLike(target) as unknown as Emulator, crypto);
  return client;
}
