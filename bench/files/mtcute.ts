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
import { Long } from '@mtcute/core';
import { mtcuteClient } from '../mtcute-client.js';
import type { OpenTransfers } from './job.js';

export const openMtcute: OpenTransfers = async (target, workers, parts) => {
  const client = mtcuteClient(target, {
    updates: false,
    network: { connectionCount: (kind) => (kind === 'upload' || kind === 'download' ? workers : kind === 'main' ? 0 : 2) },
  });
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
