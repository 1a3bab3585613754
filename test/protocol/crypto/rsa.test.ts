import { expect } from 'chai';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { encode } from '../../../src/schema/index.js';
import {
  CryptoInputError,
  rsaDecryptLegacy,
  rsaEncryptLegacy,
  rsaFingerprint,
  rsaPadDecrypt,
  rsaPadEncrypt,
  SecurityError,
  sha1,
  type RandomSource,
} from '../../../src/protocol/crypto/index.js';
import { hex, seeded, toHex } from './helpers.js';
import { TELEGRAM_KEYS } from '../telegram-keys.js';

const SHARED = new URL('../../../../../shared/telegram-servers.json', import.meta.url); // from dist/test/protocol/crypto

// The key of the 2013 version of "Creating an Authorization Key: example", fingerprint c3b42b026ce86b21.
const OLD_KEY = `-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAwVACPi9w23mF3tBkdZz+zwrzKOaaQdr01vAbU4E1pvkfj4sqDsm6
lyDONS789sVoD/xCS9Y0hkkC3gtL1tSfTlgCMOOul9lcixlEKzwKENj1Yz/s7daS
an9tqw3bfUV/nqgbhGX81v/+7RFAEd+RwFnK7a+XYl9sluzHRyVVaTTveB2GazTw
Efzk2DWgkBluml8OREmvfraX3bkHZJTKX4EQSjBbbdJ2ZXIsRrYOXfaA+xayEGB+
8hdlLmAjbCVfaigxX0CDqWeR1yFL9kwd9P0NsZRPsmoqVwMbMu7mStFai6aIhc3n
Slv8kg9qv1m6XHVQY3PnEw+QQtqSIXklHwIDAQAB
-----END RSA PUBLIC KEY-----`;

/** Counts how many bytes were drawn, to see RSA_PAD's retries. */
function counting(source: RandomSource): RandomSource & { draws: number[] } {
  const draws: number[] = [];
  return Object.assign((n: number) => {
    draws.push(n);
    return source(n);
  }, { draws });
}

describe('crypto: RSA', () => {
  let keyPair: { publicKey: string; privateKey: string };

  before(() => {
    keyPair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
  });

  it('computes the published fingerprints of the current test and production keys', () => {
    for (const { fingerprint, pem } of TELEGRAM_KEYS) expect(rsaFingerprint(pem)).to.equal(fingerprint);
  });

  it('computes every fingerprint listed in ../shared/telegram-servers.json', function () {
    if (!existsSync(SHARED)) this.skip(); // not part of the project; checked when present
    const servers = JSON.parse(readFileSync(SHARED, 'utf8')) as { rsaKeys: { fingerprint: string; pem: string }[] };
    expect(servers.rsaKeys.length).to.be.greaterThan(0);
    for (const { fingerprint, pem } of servers.rsaKeys) expect(rsaFingerprint(pem)).to.equal(BigInt(fingerprint));
  });

  it('reads SPKI "PUBLIC KEY" PEMs as well as PKCS#1 ones', () => {
    for (const { fingerprint, pem } of TELEGRAM_KEYS) {
      const spki = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
      expect(spki).to.contain('BEGIN PUBLIC KEY');
      expect(rsaFingerprint(spki)).to.equal(fingerprint);
    }
  });

  it("matches both example pages' fingerprints (c3b42b026ce86b21 and 85fd64de851d9dd0 on the wire)", () => {
    expect(rsaFingerprint(OLD_KEY)).to.equal(BigInt.asIntN(64, 0xc3b42b026ce86b21n));
    // The current page sends the fingerprint as the bytes 85 FD 64 DE 85 1D 9D D0: the production key.
    const wire = Buffer.alloc(8);
    wire.writeBigInt64LE(rsaFingerprint(TELEGRAM_KEYS.find((k) => k.fingerprint === -3414540481677951611n)!.pem));
    expect(wire.toString('hex')).to.equal('85fd64de851d9dd0');
  });

  it("hashes the 2013 example's p_q_inner_data to the SHA1 the page gives", () => {
    const data = encode({
      _: 'p_q_inner_data',
      pq: hex('17ED48941A08F981'),
      p: hex('494C553B'),
      q: hex('53911073'),
      nonce: hex('3E0549828CCA27E966B301A48FECE2FC'),
      serverNonce: hex('A5CF4D33F4A11EA877BA4AA573907330'),
      newNonce: hex('311C85DB234AA2640AFC4A76A735CF5B1F0FD68BD17FA181E1229AD867CC024D'),
    });
    expect(toHex(sha1(data))).to.equal('db761c27718a2305044f71f2ad951629d78b2449');
  });

  describe('RSA_PAD', () => {
    // The current example page gives data and random_padding_bytes, but not temp_key, so its
    // encrypted_data cannot be reproduced; the inputs are checked, and the scheme round-trips.
    const exampleData = hex(
      '955FF5A908130B7475669FEB8B0000000444095E050000000447A8C84F00000079F0AFB50252E5FC96924BFCECDA4F05801775A3EFBFD2701AA28AD727BE4646264F835B0B7BDFF9C6ED6CF819FD6DF5DCD17E90D67ADD2C2C1E3775C7A6A0AC02000000',
    );
    const examplePadding = hex(
      'C1C3E221C1EAECF4788AC3FEA0DECFEFD0E81AE6C6A1AB2AB8729D0634E08A3A12A9D53E06134F87B74BBD9EC90793B091C7FBF4CDBCBE4536397902388D4F68EBAA138CCD068244DB026332B7FC17E5DFAC09E7A71FA5353E3EEBDC',
    );

    it("encodes the example's p_q_inner_data_dc, which with its padding fills 192 bytes", () => {
      const data = encode({
        _: 'p_q_inner_data_dc',
        pq: hex('130B7475669FEB8B'),
        p: hex('44095E05'),
        q: hex('47A8C84F'),
        nonce: hex('79F0AFB50252E5FC96924BFCECDA4F05'),
        serverNonce: hex('801775A3EFBFD2701AA28AD727BE4646'),
        newNonce: hex('264F835B0B7BDFF9C6ED6CF819FD6DF5DCD17E90D67ADD2C2C1E3775C7A6A0AC'),
        dc: 2,
      });
      expect(toHex(data)).to.equal(toHex(exampleData));
      expect(data.length + examplePadding.length).to.equal(192);
    });

    it('round-trips through the server side, padding drawn first as in the example', () => {
      const tempKeys = seeded('temp keys');
      const random = counting((n) => (n === examplePadding.length ? examplePadding : tempKeys(n)));
      const encrypted = rsaPadEncrypt(exampleData, keyPair.publicKey, random);
      expect(encrypted.length).to.equal(256);
      expect(random.draws[0]).to.equal(92);
      const padded = rsaPadDecrypt(encrypted, keyPair.privateKey);
      expect(toHex(padded)).to.equal(toHex(exampleData) + toHex(examplePadding));
    });

    it('is deterministic given the random source, and fresh otherwise', () => {
      const data = seeded('pad data')(100);
      const a = rsaPadEncrypt(data, keyPair.publicKey, seeded('same'));
      expect(rsaPadEncrypt(data, keyPair.publicKey, seeded('same'))).to.deep.equal(a);
      expect(rsaPadEncrypt(data, keyPair.publicKey)).to.not.deep.equal(a);
      expect(rsaPadDecrypt(rsaPadEncrypt(data, keyPair.publicKey), keyPair.privateKey).subarray(0, 100)).to.deep.equal(data);
    });

    it('draws a new temp_key while key_aes_encrypted is not below the modulus', () => {
      const data = seeded('retry data')(144);
      let retried = 0;
      for (let seed = 0; seed < 400 && retried < 3; seed++) {
        const random = counting(seeded(`retry ${seed}`));
        const encrypted = rsaPadEncrypt(data, keyPair.publicKey, random);
        if (random.draws.length > 2) {
          retried++;
          expect(random.draws.slice(1).every((n) => n === 32)).to.equal(true);
        }
        expect(rsaPadDecrypt(encrypted, keyPair.privateKey).subarray(0, 144)).to.deep.equal(data);
      }
      expect(retried).to.be.greaterThan(0);
    });

    it('detects tampering and the wrong private key with SecurityError', () => {
      const encrypted = rsaPadEncrypt(seeded('tamper')(64), keyPair.publicKey);
      const bad = encrypted.slice();
      bad[100] ^= 1;
      expect(() => rsaPadDecrypt(bad, keyPair.privateKey)).to.throw(SecurityError, /rsa-pad/);
      const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      expect(() => rsaPadDecrypt(encrypted, other.privateKey)).to.throw(SecurityError);
    });

    it('rejects data over 144 bytes, keys that are not 2048-bit, and things that are not PEMs', () => {
      expect(() => rsaPadEncrypt(new Uint8Array(145), keyPair.publicKey)).to.throw(CryptoInputError, /144/);
      const small = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'pkcs1', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
      expect(() => rsaPadEncrypt(new Uint8Array(10), small.publicKey)).to.throw(CryptoInputError, /2048-bit/);
      expect(() => rsaFingerprint('not a key')).to.throw(CryptoInputError, /pem/);
      expect(() => rsaPadEncrypt(new Uint8Array(10), keyPair.publicKey, () => new Uint8Array(3))).to.throw(CryptoInputError, /random/);
      expect(() => rsaPadDecrypt(new Uint8Array(255), keyPair.privateKey)).to.throw(CryptoInputError);
    });
  });

  describe('legacy RSA (SHA1 + data + padding)', () => {
    it('round-trips, recovering exactly the data', () => {
      for (const size of [0, 4, 100, 232]) {
        const data = seeded(`legacy ${size}`)(size);
        const encrypted = rsaEncryptLegacy(data, keyPair.publicKey, seeded(`pad ${size}`));
        expect(encrypted.length).to.equal(256);
        expect(rsaDecryptLegacy(encrypted, keyPair.privateKey)).to.deep.equal(data);
      }
    });

    it('detects tampering, and rejects data over 235 bytes', () => {
      const encrypted = rsaEncryptLegacy(seeded('legacy tamper')(96), keyPair.publicKey);
      const bad = encrypted.slice();
      bad[7] ^= 0x80;
      expect(() => rsaDecryptLegacy(bad, keyPair.privateKey)).to.throw(SecurityError);
      expect(() => rsaEncryptLegacy(new Uint8Array(236), keyPair.publicKey)).to.throw(CryptoInputError, /235/);
    });
  });
});
