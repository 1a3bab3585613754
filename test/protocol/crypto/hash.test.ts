import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { randomBytes, randomLong, sha1, sha256 } from '../../../src/protocol/crypto/index.js';
import { seeded, toHex } from './helpers.js';

describe('crypto: hashes and randomness', () => {
  it('gives the FIPS 180 values for "abc" and the empty string', () => {
    const abc = Buffer.from('abc');
    expect(toHex(sha1(abc))).to.equal('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(toHex(sha256(abc))).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256())).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha1(new Uint8Array(0)))).to.equal('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  it('hashes several parts as their concatenation, short and long (streamed)', () => {
    const random = seeded('hash parts');
    for (const sizes of [[16, 36], [36, 16], [1, 2, 3, 4, 5], [32, 4000], [4096, 1], [70000, 3, 100]]) {
      const parts = sizes.map((n) => random(n));
      const whole = Buffer.concat(parts);
      expect(toHex(sha256(...parts))).to.equal(createHash('sha256').update(whole).digest('hex'));
      expect(toHex(sha1(...parts))).to.equal(createHash('sha1').update(whole).digest('hex'));
    }
  });

  it('returns plain Uint8Arrays that later calls do not overwrite', () => {
    const a = sha256(new Uint8Array([1]), new Uint8Array([2]));
    const copy = a.slice();
    sha256(new Uint8Array([3]), new Uint8Array([4]));
    expect(a).to.deep.equal(copy);
    expect(Object.getPrototypeOf(a)).to.equal(Uint8Array.prototype);
    expect(a.length).to.equal(32);
  });

  it('draws random bytes', () => {
    const a = randomBytes(32);
    expect(a.length).to.equal(32);
    expect(a).to.not.deep.equal(randomBytes(32));
    expect(randomBytes(0).length).to.equal(0);
  });

  it('draws random 64-bit integers, all different, across refills of the pool, and never hands out the same bytes twice', () => {
    const seen = new Set<bigint>();
    // 3,000 draws of 8 bytes cross the 8 KiB pool twice; odd-sized byte draws between them misalign it.
    for (let i = 0; i < 3000; i++) {
      const n = randomLong();
      expect(typeof n).to.equal('bigint');
      expect(BigInt.asIntN(64, n)).to.equal(n);
      seen.add(n);
      if (i % 100 === 0) randomBytes(3);
    }
    expect(seen.size).to.equal(3000);
    expect([...seen].some((n) => n < 0n) && [...seen].some((n) => n > 0n), 'both signs').to.equal(true);
  });
});
