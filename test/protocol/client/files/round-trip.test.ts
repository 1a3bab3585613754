import { expect } from 'chai';
import type { tl } from '../../../../src/schema/index.js';
import { FileInputError } from '../../../../src/protocol/client/files/index.js';
import { useEmulator } from '../harness.js';
import { botWithUser, bytesOf, KIB, MIB, sha256hex } from './helpers.js';

describe('client files: round trips through the wire', function () {
  const h = useEmulator();

  for (const [label, size] of [
    ['1 B', 1],
    ['512 KiB', 512 * KIB],
    ['10 MB - 1 (the largest small file)', 10 * MIB - 1],
    ['10 MB (the smallest big file)', 10 * MIB],
    ['25 MB', 25 * MIB],
  ] as const) {
    it(`${label}: uploadFile + sendFile, then downloadFile from the message, same sha256`, async () => {
      const { client, peer } = await botWithUser(h);
      const bytes = bytesOf(size);
      const file = await client.uploadFile(bytes, { name: 'data.bin' });
      expect(file._).to.equal(size >= 10 * MIB ? 'inputFileBig' : 'inputFile');
      const message = await client.sendFile(peer, file, { kind: 'document' });
      const media = message.media as tl.MessageMediaDocument;
      expect(Number((media.document as tl.Document).size)).to.equal(size);
      const back = await client.downloadFile(message);
      expect(back.length).to.equal(size);
      expect(sha256hex(back)).to.equal(sha256hex(bytes));
    });
  }

  it('0 B: a clear FileInputError before anything is sent (Telegram stores no empty files)', async () => {
    const { client } = await botWithUser(h);
    const before = h.emulator.callCount('upload.saveFilePart');
    const e = await client.uploadFile(new Uint8Array(0)).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(FileInputError);
    expect(h.emulator.callCount('upload.saveFilePart')).to.equal(before);
  });
});
