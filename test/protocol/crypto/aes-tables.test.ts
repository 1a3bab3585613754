import { expect } from 'chai';
import { gmul, INV_SBOX, SBOX, TD, TE } from '../../../src/protocol/crypto/aes-tables.js';

describe('crypto: AES tables', () => {
  it('has the FIPS 197 S-box and its inverse', () => {
    expect([SBOX[0x00], SBOX[0x01], SBOX[0x53], SBOX[0xff]]).to.deep.equal([0x63, 0x7c, 0xed, 0x16]);
    for (let x = 0; x < 256; x++) expect(INV_SBOX[SBOX[x]]).to.equal(x);
    // FIPS 197 4.2: {57} x {83} = {c1}, {57} x {13} = {fe}
    expect(gmul(0x57, 0x83)).to.equal(0xc1);
    expect(gmul(0x57, 0x13)).to.equal(0xfe);
  });

  it('builds T-tables whose rows are byte rotations of row 0', () => {
    const rotl = (w: number, n: number) => ((w << n) | (w >>> (32 - n))) >>> 0;
    for (let x = 0; x < 256; x++) {
      for (let r = 1; r < 4; r++) {
        expect(TE[r * 256 + x]).to.equal(rotl(TE[x], 8 * r));
        expect(TD[r * 256 + x]).to.equal(rotl(TD[x], 8 * r));
      }
    }
    // MixColumns column (2s, s, s, 3s), little-endian: S[1] = 0x7c gives f8 7c 7c 84.
    expect(TE[1]).to.equal(0x847c7cf8);
    // InvMixColumns column (14i, 9i, 13i, 11i) of InvS[0] = 0x52: 51 f4 a7 50.
    expect(TD[0]).to.equal(0x50a7f451);
  });
  // The tables are exercised end to end by ige.test.ts against node's AES.
});
