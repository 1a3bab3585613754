/**
 * mtcute's side of the file bench: @mtcute/core 0.30.3's TelegramClient on
 * its default TCP intermediate transport over `@fuman/node`, with the interop
 * test's crypto provider (node:crypto + mtcute's WASM AES-IGE), signed in as
 * the bot. `client.uploadFile({ file })` and `client.downloadAsBuffer(location,
 * { dcId, fileSize })`. Its parallelism knob is the connection count per kind
 * (`network.connectionCount`, set to `workers` for upload and download); on
 * each connection it keeps its own 3 requests in flight. Its default parts
 * for 100 MB are 128 KiB both ways; `parts` sets them (`partSize`, KiB).
 */
import { connectTcp } from '@fuman/node';
import { IntermediatePacketCodec, Long, MemoryStorage } from '@mtcute/core';
import type { ICorePlatform, TelegramTransport } from '@mtcute/core';
import { TelegramClient } from '@mtcute/core/client.js';
import type { BasicDcOption } from '@mtcute/core/utils.js';
import type { Emulator } from '../../src/emulator/index.js';
import { InteropCryptoProvider, trustEmulatorKey } from '../../test/interop/mtcute.js';
import { emulatorLike } from '../dispatch/target.js';
import type { OpenTransfers } from './job.js';

const silentPlatform: ICorePlatform = {
  beforeExit: () => () => {},
  log: () => {},
  getDefaultLogLevel: () => null,
  getDeviceModel: () => 'bench',
};

const transport: TelegramTransport = {
  connect: (dc: BasicDcOption) => connectTcp({ address: dc.ipAddress, port: dc.port }),
  packetCodec: () => new IntermediatePacketCodec(),
};

export const openMtcute: OpenTransfers = async (target, workers, parts) => {
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
    updates: false,
    logLevel: 0,
    network: { connectionCount: (kind) => (kind === 'upload' || kind === 'download' ? workers : kind === 'main' ? 0 : 2) },
  });
  trustEmulatorKey(emulatorLike(target) as unknown as Emulator, crypto);
  await client.start({ botToken: target.token });
  return {
    upload: async (bytes) => void (await client.uploadFile({ file: bytes, fileName: 'bench.bin', fileSize: bytes.length, partSize: parts?.upload })),
    download: async (doc) => {
      const location = {
        _: 'inputDocumentFileLocation' as const,
        id: Long.fromString(doc.id),
        accessHash: Long.fromString(doc.accessHash),
        fileReference: Buffer.from(doc.fileReference, 'hex'),
        thumbSize: '',
      };
      const bytes = await client.downloadAsBuffer(location, { dcId: doc.dcId, fileSize: doc.size, partSize: parts?.download });
      return bytes.length;
    },
    close: () => client.destroy(),
  };
};
