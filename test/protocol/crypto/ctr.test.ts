import { expect } from 'chai';
import { AesCtr, CryptoInputError } from '../../../src/protocol/crypto/index.js';
import { hex, seeded, toHex } from './helpers.js';

describe('crypto: AES-256-CTR stream', () => {
  const key = hex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4');
  const iv = hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
  const plain = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
  const cipher = '601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6';

  it('gives NIST SP 800-38A F.5.5 (CTR-AES256.Encrypt)', () => {
    expect(toHex(new AesCtr(key, iv).update(plain))).to.equal(cipher);
  });

  it('keeps the keystream position across calls of any length', () => {
    const ctr = new AesCtr(key, iv);
    const pieces = [1, 15, 3, 17, 28].map((n, i, all) => {
      const at = all.slice(0, i).reduce((a, b) => a + b, 0);
      return ctr.update(plain.subarray(at, at + n));
    });
    expect(toHex(Uint8Array.from(Buffer.concat(pieces)))).to.equal(cipher);
  });

  it('decrypts with a second stream of the same key and iv', () => {
    const random = seeded('ctr');
    const data = random(1000);
    const k = random(32);
    const v = random(16);
    expect(new AesCtr(k, v).update(new AesCtr(k, v).update(data))).to.deep.equal(data);
  });

  it('rejects wrong key and iv sizes', () => {
    expect(() => new AesCtr(new Uint8Array(16), iv)).to.throw(CryptoInputError, /key/);
    expect(() => new AesCtr(key, new Uint8Array(32))).to.throw(CryptoInputError, /iv/);
    expect(() => new AesCtr(key, iv).update('x' as unknown as Uint8Array)).to.throw(CryptoInputError);
  });
});
