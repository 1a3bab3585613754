import { expect } from 'chai';
import { clientCodec, serverCodec, ServerTransportError, TransportError } from '../../../src/protocol/transport/index.js';
import { cat, hex, le32, toHex } from './helpers.js';

/** CRCs computed independently (Python's zlib.crc32) over length + seq + payload. */
const FRAME_0 = '10000000' + '00000000' + '01020304' + '420fb5e0';
const FRAME_1 = '14000000' + '01000000' + '0a0b0c0d0e0f1011' + '763b6c92';

function failure(run: () => unknown): TransportError {
  try {
    run();
  } catch (e) {
    if (e instanceof TransportError) return e;
    throw e;
  }
  throw new Error('expected a TransportError');
}

describe('transport: full', () => {
  it('no marker; length of the whole frame, seq from 0, payload, CRC32 of all before it', () => {
    const c = clientCodec({ transport: 'full' });
    expect(c.header).to.have.length(0);
    expect(toHex(c.encode(hex('01020304')))).to.equal(FRAME_0);
    expect(toHex(c.encode(hex('0a0b0c0d0e0f1011')))).to.equal(FRAME_1);
  });

  it('each direction counts its own seq from 0', () => {
    const s = serverCodec({ transport: 'full' });
    expect([...s.push(hex(FRAME_0 + FRAME_1))]).to.have.length(2);
    expect(toHex(s.encode(hex('01020304')))).to.equal(FRAME_0);
  });

  it('a flipped payload bit fails the CRC, naming both values', () => {
    const bad = hex(FRAME_0);
    bad[8] ^= 1;
    const error = failure(() => serverCodec({ transport: 'full' }).push(bad).read());
    expect(error).to.include({ reason: 'bad-crc', got: 0xe0b50f42, retryable: true });
    expect(error.expected).to.be.a('number').and.not.equal(0xe0b50f42);
  });

  it('a repeated or skipped frame fails the seq check', () => {
    const replayed = failure(() => [...serverCodec({ transport: 'full' }).push(hex(FRAME_0 + FRAME_0))]);
    expect(replayed).to.include({ reason: 'bad-seq', got: 0, expected: 1 });
    const skipped = failure(() => serverCodec({ transport: 'full' }).push(hex(FRAME_1)).read());
    expect(skipped).to.include({ reason: 'bad-seq', got: 1, expected: 0 });
  });

  it('lengths shorter than the envelope, or not whole words, are refused', () => {
    expect(failure(() => serverCodec({ transport: 'full' }).push(hex('08000000')).read())).to.include({ reason: 'bad-length' });
    expect(failure(() => serverCodec({ transport: 'full' }).push(hex('0c000000')).read())).to.include({ reason: 'bad-length' });
    expect(failure(() => serverCodec({ transport: 'full' }).push(hex('12000000')).read())).to.include({ reason: 'bad-length' });
  });

  it("reads the server's error code sent raw where the length goes (Telethon #4042)", () => {
    const error = failure(() => clientCodec({ transport: 'full' }).push(cat(le32(-429), le32(-429), le32(-429))).read());
    expect(error).to.be.instanceOf(ServerTransportError).and.include({ code: -429, reason: 'transport-flood' });
  });

  it('has no quick acks', () => {
    expect(failure(() => clientCodec({ transport: 'full' }).encode(hex('01020304'), { quickAck: true }))).to.include({ reason: 'unsupported' });
  });
});
