/**
 * GramJS's side of the file bench, connected with the interop test's helper
 * (custom DC, the emulator's RSA key) and signed in as the bot:
 * `client.uploadFile({ file: new CustomFile(...), workers })` (its `workers`:
 * parts in flight on its one connection; the buffer is kept in memory, as
 * the other libraries read theirs, not re-read from a path) and
 * `client.downloadFile(location, { fileSize, dcId })`, which in 2.26.22 has
 * no parallelism knob: one 512 KiB getFile at a time on an exported sender.
 *
 * The sign-in goes around one gap: the emulator answers every client in
 * layer 224, and GramJS (layer 198) cannot read the 224 `user` inside
 * auth.authorization, so that one answer is taken as raw bytes (the emulator
 * binds the authorization to the auth key either way). Nothing timed depends
 * on it: upload.* requests and answers are the same in both layers.
 */
import { createRequire } from 'node:module';
import type { Emulator } from '../../src/emulator/index.js';
import { Api, gramClient, trustEmulatorKey } from '../../test/interop/gramjs.js';
import { emulatorLike } from '../dispatch/target.js';
import type { OpenTransfers } from './job.js';

const require = createRequire(import.meta.url);
const { CustomFile } = require('telegram/client/uploads') as typeof import('telegram/client/uploads.js');
const bigInt = createRequire(require.resolve('telegram'))('big-integer') as (value: string) => never;

export const openGramJs: OpenTransfers = async (target, workers) => {
  const emulator = emulatorLike(target) as unknown as Emulator;
  trustEmulatorKey(emulator);
  const { client } = gramClient(emulator, 'full', target.dcId);
  await client.connect();
  const login = new Api.auth.ImportBotAuthorization({ flags: 0, apiId: 1, apiHash: 'emulator', botAuthToken: target.token });
  (login as unknown as { readResult(): unknown }).readResult = () => ({ className: 'auth.Authorization (layer 224, unread)' });
  await client.invoke(login);
  return {
    upload: async (bytes) => {
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      await client.uploadFile({ file: new CustomFile('bench.bin', bytes.length, '', buffer), workers, maxBufferSize: 2 ** 31 });
    },
    download: async (doc) => {
      const location = new Api.InputDocumentFileLocation({
        id: bigInt(doc.id),
        accessHash: bigInt(doc.accessHash),
        fileReference: Buffer.from(doc.fileReference, 'hex'),
        thumbSize: '',
      });
      const bytes = await client.downloadFile(location, { fileSize: bigInt(String(doc.size)), dcId: doc.dcId });
      return bytes?.length ?? 0;
    },
    close: () => client.destroy(),
  };
};
