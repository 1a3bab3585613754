import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { decode, encode, TlReader, TlWriter, type TlObject } from '../../src/schema/index.js';

/** Byte-exact cases worked out by hand from the TL rules (little-endian, 4-byte alignment). */
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const le32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};
const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
const fill = (n: number, v = 0x61) => new Uint8Array(n).fill(v);

describe('schema: byte-exact encodings', () => {
  it('a 253-byte string: 1-byte length 0xfd, data, 2 bytes of padding to 256', () => {
    const obj = { _: 'rpc_error', errorCode: 400, errorMessage: 'a'.repeat(253) } as const;
    const expected = cat(le32(0x2144ca19), le32(400), hex('fd'), fill(253), hex('0000'));
    expect(expected.length).to.equal(4 + 4 + 256);
    expect(encode(obj)).to.deep.equal(expected);
    expect(decode(expected)).to.deep.equal(obj);
  });

  it('a 254-byte string: 0xfe then a 3-byte length, data, padding to 260', () => {
    const obj = { _: 'rpc_error', errorCode: -1, errorMessage: 'a'.repeat(254) } as const;
    const expected = cat(le32(0x2144ca19), hex('ffffffff'), hex('fefe0000'), fill(254), hex('0000'));
    expect(encode(obj)).to.deep.equal(expected);
    expect(decode(expected)).to.deep.equal(obj);
  });

  it('a 1000-byte string: 0xfe e8 03 00, data, no padding (1004 is aligned)', () => {
    const obj = { _: 'rpc_error', errorCode: 0, errorMessage: 'a'.repeat(1000) } as const;
    const expected = cat(le32(0x2144ca19), le32(0), hex('fee80300'), fill(1000));
    expect(encode(obj)).to.deep.equal(expected);
    expect(decode(expected)).to.deep.equal(obj);
  });

  it('strings measure UTF-8 bytes, not characters: 100 × "é" is 200 bytes, 1-byte length', () => {
    const w = new TlWriter(8);
    w.string('é'.repeat(100));
    expect(w.result()).to.deep.equal(cat(hex('c8'), Uint8Array.from(Buffer.from('é'.repeat(100))), hex('000000')));
    expect(new TlReader(w.result()).string()).to.equal('é'.repeat(100));
  });

  it('short strings decode as UTF-8 at every length, with a multi-byte or invalid byte anywhere in them', () => {
    // Short ASCII strings take a JS path and the rest node's decoder: both must agree at every length and position.
    for (let n = 0; n <= 24; n++) {
      const ascii = 'abcdefghijklmnopqrstuvwxyz'.slice(0, n);
      const cases: Uint8Array[] = [Uint8Array.from(Buffer.from(ascii))];
      for (let at = 0; at < n; at++) {
        cases.push(Uint8Array.from(Buffer.from(`${ascii.slice(0, at)}é${ascii.slice(at + 1)}`)));
        const invalid = Uint8Array.from(Buffer.from(ascii));
        invalid[at] = 0xff;
        cases.push(invalid);
      }
      for (const data of cases) {
        const w = new TlWriter(8);
        w.bytes(data);
        w.int(7);
        const r = new TlReader(w.result());
        expect(r.string()).to.equal(Buffer.from(data).toString('utf8'));
        expect(r.int()).to.equal(7);
      }
    }
  });

  it('bytes below 64 KiB decode as copies, from 64 KiB as views of the input (file parts, never copied twice)', () => {
    for (const [n, view] of [[65535, false], [65536, true], [1 << 20, true]] as const) {
      const obj = { _: 'upload.file', type: { _: 'storage.filePartial' }, mtime: 1, bytes: fill(n, 7) } as const;
      const input = encode(obj);
      const decoded = decode(input) as typeof obj;
      expect(decoded).to.deep.equal(obj);
      input.fill(0);
      expect(decoded.bytes[0], `${n} bytes`).to.equal(view ? 0 : 7);
      expect(decoded.bytes.buffer === input.buffer, `${n} bytes`).to.equal(view);
    }
  });

  it('a vector of 10,000 longs decodes whole and in order', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => BigInt(i) - 5000n);
    expect(decode(encode({ _: 'msgs_ack', msgIds: ids }))).to.deep.equal({ _: 'msgs_ack', msgIds: ids });
  });

  it('an empty boxed vector: vector id 0x1cb5c415 and count 0', () => {
    const expected = cat(le32(0x62d6b459), le32(0x1cb5c415), le32(0));
    expect(encode({ _: 'msgs_ack', msgIds: [] })).to.deep.equal(expected);
    expect(decode(expected)).to.deep.equal({ _: 'msgs_ack', msgIds: [] });
  });

  it('a vector of longs: each 8 bytes little-endian', () => {
    const expected = cat(le32(0x62d6b459), le32(0x1cb5c415), le32(2), hex('0100000000000000'), hex('feffffffffffffff'));
    expect(encode({ _: 'msgs_ack', msgIds: [1n, -2n] })).to.deep.equal(expected);
    expect(decode(expected)).to.deep.equal({ _: 'msgs_ack', msgIds: [1n, -2n] });
  });

  it('nested vectors: inline keyboard rows holding button vectors', () => {
    const obj = {
      _: 'replyInlineMarkup',
      rows: [
        { _: 'keyboardButtonRow', buttons: [] },
        { _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButtonUrl', style: undefined, text: 'go', url: 'x' }] },
      ],
    } as TlObject;
    const expected = cat(
      le32(0x48a30254), // replyInlineMarkup
      le32(0x1cb5c415), le32(2),
      le32(0x77608b83), le32(0x1cb5c415), le32(0), // empty row
      le32(0x77608b83), le32(0x1cb5c415), le32(1), // row with one button
      le32(0xd80c25ec), le32(0), hex('02676f00'), hex('01780000'), // keyboardButtonUrl: flags 0, "go", "x"
    );
    expect(encode(obj)).to.deep.equal(expected);
    expect(decode(expected)).to.deep.equal(obj);
  });

  it('a true flag is only a bit: inputPeerPhotoFileLocation with big set', () => {
    const obj = { _: 'inputPeerPhotoFileLocation', big: true, peer: { _: 'inputPeerSelf' }, photoId: 5n } as const;
    const expected = cat(le32(0x37257e99), le32(1), le32(0x7da07ec9), hex('0500000000000000'));
    expect(encode(obj)).to.deep.equal(expected);
    expect(decode(expected)).to.deep.equal(obj);
    expect(decode(cat(le32(0x37257e99), le32(0), le32(0x7da07ec9), hex('0500000000000000')))).to.deep.equal({ ...obj, big: false });
  });

  it('a flags2 field: user with bot_can_edit (flags2.1) and stories_max_id (flags2.5)', () => {
    const user = decode(encode({ _: 'user', id: 7n } as TlObject)) as unknown as Record<string, unknown>;
    const obj = { ...user, botCanEdit: true, storiesMaxId: { _: 'recentStory', live: false, maxId: 9 } } as unknown as TlObject;
    const expected = cat(
      le32(0x31774388),
      le32(0), // flags
      le32((1 << 1) | (1 << 5)), // flags2
      hex('0700000000000000'), // id
      le32(0x711d692d), le32(1 << 1), le32(9), // recentStory: flags.1 for max_id, then max_id
    );
    expect(encode(obj)).to.deep.equal(expected);
    expect(decode(expected)).to.deep.equal(obj);
  });

  it('gzip_packed is unwrapped transparently, at the top and inside a field', () => {
    const inner = encode({ _: 'inputPeerUser', userId: 1n, accessHash: 2n });
    const packed = (b: Uint8Array) => {
      const w = new TlWriter();
      w.uint(0x3072cfa1);
      w.bytes(gzipSync(b));
      return w.result();
    };
    expect(decode(packed(inner))).to.deep.equal({ _: 'inputPeerUser', userId: 1n, accessHash: 2n });
    // inputPeerPhotoFileLocation.peer arrives gzip_packed
    const outer = cat(le32(0x37257e99), le32(0), packed(inner), hex('0500000000000000'));
    expect(decode(outer)).to.deep.equal({ _: 'inputPeerPhotoFileLocation', big: false, peer: { _: 'inputPeerUser', userId: 1n, accessHash: 2n }, photoId: 5n });
  });

  it('Bool, int, long and double are little-endian fixed sizes', () => {
    const w = new TlWriter(4);
    w.bool(true);
    w.bool(false);
    w.int(-2);
    w.int(0xffffffff);
    w.long(-(1n << 63n));
    w.long((1n << 64n) - 1n);
    w.double(1.5);
    expect(w.result()).to.deep.equal(hex('b5757299 379779bc feffffff ffffffff 0000000000000080 ffffffffffffffff 000000000000f83f'));
    const r = new TlReader(w.result());
    expect([r.bool(), r.bool(), r.int(), r.int(), r.long(), r.long(), r.double()]).to.deep.equal([true, false, -2, -1, -(1n << 63n), -1n, 1.5]);
  });
});
