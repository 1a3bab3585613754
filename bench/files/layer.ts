/**
 * layer's side of the file bench: `client.uploadFile(bytes, { workers })` and
 * `client.downloadFile({ location, dcId, size }, { workers })` into memory,
 * on `connections: workers` transfer links (one part in flight per worker).
 */
import { Client } from '../../src/protocol/client/client.js';
import type { tl } from '../../src/schema/index.js';
import type { DocRef, OpenTransfers } from './job.js';

export const openLayer: OpenTransfers = async (target, workers) => {
  const client = new Client({
    dcs: target.dcs,
    rsaKeys: [{ pem: target.publicKeyPem, fingerprint: BigInt(target.fingerprint) }],
    dcId: target.dcId,
    apiId: 1,
    apiHash: 'bench',
    updates: false,
    connections: workers,
  });
  await client.connect();
  await client.signInBot(target.token);
  return {
    upload: async (bytes) => void (await client.uploadFile(bytes, { name: 'bench.bin', workers })),
    download: async (doc) => {
      const bytes = (await client.downloadFile({ location: locationOf(doc), dcId: doc.dcId, size: doc.size }, { workers })) as Uint8Array;
      return bytes.length;
    },
    close: () => client.close(),
  };
};

export const locationOf = (doc: DocRef): tl.InputDocumentFileLocation => ({
  _: 'inputDocumentFileLocation',
  id: BigInt(doc.id),
  accessHash: BigInt(doc.accessHash),
  fileReference: Buffer.from(doc.fileReference, 'hex'),
  thumbSize: '',
});
