import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { decode, decodeResult, encode, TlDecodeError, TlEncodeError, TlWriter, type TlObject } from '../../src/schema/index.js';
import { sample } from './samples.js';

/** Every malformed input is a TlDecodeError naming the offset: never a crash, a hang, or a huge allocation. */
function decodeError(bytes: Uint8Array): TlDecodeError {
  try {
    decode(bytes);
  } catch (e) {
    expect(e).to.be.instanceOf(TlDecodeError);
    return e as TlDecodeError;
  }
  throw new Error('decode accepted bad input');
}

const le32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};
const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

describe('schema: bad input', () => {
  it('a valid encoding truncated at every offset', () => {
    const full = encode(sample('messages.messages', 'full') as unknown as TlObject);
    const user = encode(sample('user', 'full') as unknown as TlObject);
    for (const bytes of [full, user]) {
      for (let n = 0; n < bytes.length; n++) {
        const e = decodeError(bytes.subarray(0, n));
        expect(e.offset).to.be.within(0, n);
      }
    }
  });

  it('an unknown constructor id, at the top and inside a field', () => {
    expect(decodeError(le32(0xdeadbeef))).to.include({ offset: 0, constructorId: 0xdeadbeef });
    // inputPeerPhotoFileLocation.peer with an id that is no InputPeer (it is a user's id)
    const e = decodeError(cat(le32(0x37257e99), le32(0), le32(0x31774388)));
    expect(e.offset).to.equal(8);
    expect(e.message).to.match(/expected a constructor of InputPeer/);
  });

  it('a length that points past the end', () => {
    // rpc_error with a string claiming 200 bytes, 3 present
    const e = decodeError(cat(le32(0x2144ca19), le32(1), Uint8Array.of(200, 0x61, 0x62, 0x63)));
    expect(e.offset).to.equal(8);
    expect(e.message).to.match(/past the end/);
    const long = decodeError(cat(le32(0x2144ca19), le32(1), Uint8Array.of(0xfe, 0xff, 0xff, 0xff)));
    expect(long.offset).to.equal(8);
  });

  it('a vector count of 2^31 and of 2^31 - 1 allocates nothing', () => {
    for (const count of [0x80000000, 0x7fffffff]) {
      const e = decodeError(cat(le32(0x62d6b459), le32(0x1cb5c415), le32(count)));
      expect(e.offset).to.equal(8);
      expect(e.message).to.match(/vector count/);
    }
  });

  it('a wrong id where a vector or a Bool is expected', () => {
    expect(decodeError(cat(le32(0x62d6b459), le32(0x12345678))).offset).to.equal(4);
    // messageActionTopicEdit#c0944820 flags:# ... closed:flags.2?Bool: flags = 4, then not a Bool
    const e = decodeError(cat(le32(0xc0944820), le32(4), le32(0x3fedd339)));
    expect(e.message).to.match(/expected Bool/);
    expect(e.offset).to.equal(8);
  });

  it('garbage inside gzip_packed, and a gzip bomb beyond the limit', () => {
    const w = new TlWriter();
    w.uint(0x3072cfa1);
    w.bytes(Uint8Array.of(1, 2, 3, 4, 5, 6, 7));
    const e = decodeError(w.result());
    expect(e.message).to.match(/gzip_packed does not inflate/);
    expect(e.offset).to.equal(0);

    const bomb = new TlWriter();
    bomb.uint(0x3072cfa1);
    bomb.bytes(gzipSync(new Uint8Array(80 * 1024 * 1024)));
    expect(decodeError(bomb.result()).message).to.match(/gzip_packed does not inflate/);

    const junk = new TlWriter();
    junk.uint(0x3072cfa1);
    junk.bytes(gzipSync(Uint8Array.of(1, 2, 3)));
    expect(decodeError(junk.result())).to.be.instanceOf(TlDecodeError);
  });

  it('trailing bytes after the object', () => {
    const ok = encode({ _: 'inputPeerSelf' });
    expect(decodeError(cat(ok, le32(0))).message).to.match(/4 bytes left/);
  });

  it('a top-level bare vector asks for a typed result; decodeResult reads it', () => {
    const bytes = cat(le32(0x1cb5c415), le32(1), le32(7), le32(0));
    expect(decodeError(bytes).message).to.match(/not self-describing/);
    // messages.getMessagesViews and friends aside, account.getUserNotificationsByIds is gone; contacts.getContactIDs returns Vector<int>
    expect(decodeResult({ _: 'contacts.getContactIDs', hash: 0n }, cat(le32(0x1cb5c415), le32(2), le32(7), le32(8)))).to.deep.equal([7, 8]);
  });

  describe('encode names the field that does not fit', () => {
    const cases: [string, unknown, RegExp][] = [
      ['a missing required long', { _: 'inputPeerUser', userId: 1n }, /^inputPeerUser\.accessHash: expected a 64-bit bigint, got undefined$/],
      ['a number where a long goes', { _: 'inputPeerUser', userId: 1, accessHash: 2n }, /^inputPeerUser\.userId: expected a 64-bit bigint, got number 1$/],
      ['a long out of range', { _: 'inputPeerUser', userId: 1n << 64n, accessHash: 2n }, /userId: expected a 64-bit bigint/],
      ['an int out of range', { _: 'help.getAppConfig', hash: 2 ** 32 }, /^help\.getAppConfig\.hash: expected a 32-bit integer, got number 4294967296$/],
      ['a fraction where an int goes', { _: 'help.getAppConfig', hash: 1.5 }, /hash: expected a 32-bit integer/],
      ['a string where bytes go', { _: 'inputPeerPhotoFileLocation', peer: { _: 'inputPeerSelf' }, photoId: '5' }, /photoId: expected a 64-bit bigint, got string "5"/],
      ['a constructor of the wrong type', { _: 'inputPeerPhotoFileLocation', peer: { _: 'peerUser', userId: 1n }, photoId: 5n }, /^inputPeerPhotoFileLocation\.peer: expected a constructor of InputPeer, got \{ _: 'peerUser' \}$/],
      ['an unknown constructor', { _: 'noSuchThing' }, /expected a TL object, got \{ _: 'noSuchThing' \}/],
      ['not an object at all', 42, /expected a TL object, got number 42/],
      ['a vector that is not an array', { _: 'msgs_ack', msgIds: 5n }, /^msgs_ack\.msgIds: expected an array, got bigint 5$/],
      ['a bad vector element', { _: 'msgs_ack', msgIds: [1n, 2] }, /^msgs_ack\.msgIds\[1\]: expected a 64-bit bigint, got number 2$/],
      ['int128 of the wrong size', { _: 'req_pq_multi', nonce: new Uint8Array(15) }, /^req_pq_multi\.nonce: expected int128, got Uint8Array\(15\)$/],
      ['a field sharing a set flag bit left out', { _: 'user', id: 1n, bot: true }, /^user\.botInfoVersion: required because bot is set: both share flags\.14$/],
      ['a constructor where a function goes', { _: 'invokeWithLayer', layer: 1, query: { _: 'inputPeerSelf' } }, /query: expected a TL function/],
    ];
    for (const [what, obj, message] of cases) {
      it(what, () => {
        expect(() => encode(obj as TlObject)).to.throw(TlEncodeError, message);
      });
    }

    it('a failed encode leaves the shared buffer usable', () => {
      expect(() => encode({ _: 'msgs_ack', msgIds: [1n, 2] } as unknown as TlObject)).to.throw(TlEncodeError);
      expect(encode({ _: 'inputPeerSelf' })).to.deep.equal(le32(0x7da07ec9));
    });
  });
});
