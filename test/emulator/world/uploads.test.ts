import { expect } from 'chai';
import { Uploads } from '../../../src/emulator/world/uploads.js';

describe('emulator world: uploaded parts in memory', () => {
  it('keeps a part that is nearly its whole frame as it is, and copies one out of a bigger buffer', () => {
    const uploads = new Uploads();
    // A big part as the decoder leaves it: a view of its frame, short of the frame's header and padding.
    const frame = new Uint8Array(512 * 1024 + 120).fill(1);
    const big = frame.subarray(80, 80 + 512 * 1024);
    // A small part inside a much bigger buffer (a container of many messages, say).
    const container = new Uint8Array(256 * 1024).fill(2);
    const small = container.subarray(1024, 2048);
    uploads.save(1n, 2, 10n, 0, big);
    uploads.save(1n, 2, 10n, 1, small);
    const file = uploads.take(1n, 2, { _: 'inputFile', id: 10n, parts: 2, name: 'a', md5Checksum: '' });
    const [first, second] = file.chunks;
    expect(first!.buffer, 'the big part: no copy').to.equal(frame.buffer);
    expect(second!.buffer, 'the small part: a copy').to.not.equal(container.buffer);
    container.fill(0);
    expect(file.read(512 * 1024, 1024).every((b) => b === 2), 'the copy outlives its buffer').to.equal(true);
  });
});
