import { expect } from 'chai';
import { createRequire } from 'node:module';
import {
  bigintToBytes,
  CryptoInputError,
  passwordCheck,
  SecurityError,
  srpServer,
  srpVerifier,
  TELEGRAM_DH_PRIME,
  type SrpAlgo,
} from '../../../src/protocol/crypto/index.js';
import { seeded, toHex } from './helpers.js';

const require = createRequire(import.meta.url);

describe('crypto: 2FA SRP', function () {
  this.timeout(20000); // PBKDF2 with 100,000 iterations, several times

  const random = seeded('srp');
  const algo: SrpAlgo = {
    _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow',
    salt1: random(40),
    salt2: random(16),
    g: 3,
    p: bigintToBytes(TELEGRAM_DH_PRIME, 256),
  };
  const password = 'correct horse battery staple';
  let verifier: Uint8Array;

  before(() => {
    verifier = srpVerifier(algo, password);
  });

  it('gives the same A and M1 as GramJS computeCheck for the same secret a', async () => {
    const Helpers = require('telegram/Helpers') as { generateRandomBytes: (n: number) => Buffer };
    const { computeCheck } = require('telegram/Password') as { computeCheck: (request: unknown, password: string) => Promise<{ A: Buffer; M1: Buffer; srpId: { toString(): string } }> };
    const { Api } = require('telegram/tl') as { Api: { PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow: new (args: object) => object } };
    const bigInteger = require('big-integer') as (s: string) => unknown;

    const server = srpServer(algo, verifier, random(256));
    const a = random(256);
    const ours = passwordCheck(algo, server.B, 123456789n, password, a);

    const original = Helpers.generateRandomBytes;
    Helpers.generateRandomBytes = () => Buffer.from(a);
    try {
      const gram = await computeCheck(
        {
          currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
            salt1: Buffer.from(algo.salt1),
            salt2: Buffer.from(algo.salt2),
            g: algo.g,
            p: Buffer.from(algo.p),
          }),
          srp_B: Buffer.from(server.B),
          srpId: bigInteger('123456789'),
        },
        password,
      );
      expect(toHex(ours.A)).to.equal(gram.A.toString('hex'));
      expect(toHex(ours.M1)).to.equal(gram.M1.toString('hex'));
    } finally {
      Helpers.generateRandomBytes = original;
    }
    expect(ours._).to.equal('inputCheckPasswordSRP');
    expect(ours.srpId).to.equal(123456789n);
    expect(ours.A.length).to.equal(256);
    expect(ours.M1.length).to.equal(32);
  });

  it('is accepted by the server side for the right password only', () => {
    const server = srpServer(algo, verifier);
    const good = passwordCheck(algo, server.B, 1n, password);
    expect(server.verify(good.A, good.M1)).to.equal(true);
    const wrong = passwordCheck(algo, server.B, 1n, 'Correct horse battery staple');
    expect(server.verify(wrong.A, wrong.M1)).to.equal(false);
    const tampered = good.M1.slice();
    tampered[0] ^= 1;
    expect(server.verify(good.A, tampered)).to.equal(false);
    expect(server.verify(new Uint8Array(256), good.M1)).to.equal(false);
    expect(server.verify(good.A, new Uint8Array(5))).to.equal(false);
  });

  it('takes the password as UTF-8 bytes too', () => {
    const server = srpServer(algo, srpVerifier(algo, Buffer.from('пароль')));
    const check = passwordCheck(algo, server.B, 1n, 'пароль');
    expect(server.verify(check.A, check.M1)).to.equal(true);
  });

  it('refuses bad server parameters with SecurityError before any use', () => {
    const server = srpServer(algo, verifier);
    const badP = { ...algo, g: 4, p: bigintToBytes(TELEGRAM_DH_PRIME + 2n, 256) }; // g = 4: no residue condition, so the primality test decides
    expect(() => passwordCheck(badP, server.B, 1n, password)).to.throw(SecurityError, /dh-prime/);
    expect(() => passwordCheck({ ...algo, g: 2 }, server.B, 1n, password)).to.throw(SecurityError, /dh-g/);
    expect(() => passwordCheck(algo, new Uint8Array(256), 1n, password)).to.throw(SecurityError, /srp-b/);
    expect(() => passwordCheck(algo, bigintToBytes(TELEGRAM_DH_PRIME, 256), 1n, password)).to.throw(SecurityError, /srp-b/);
    // A secret a whose g^a is below 2^1984 (a = 1: g_a = 3) is refused when given, not silently replaced.
    const tiny = new Uint8Array(256);
    tiny[255] = 1;
    expect(() => passwordCheck(algo, server.B, 1n, password, tiny)).to.throw(SecurityError, /dh-value/);
  });

  it('rejects unknown algorithms and wrong sizes with CryptoInputError', () => {
    const server = srpServer(algo, verifier);
    const unknown = { _: 'passwordKdfAlgoUnknown' } as unknown as SrpAlgo;
    expect(() => passwordCheck(unknown, server.B, 1n, password)).to.throw(CryptoInputError, /unsupported/);
    expect(() => passwordCheck(algo, server.B, 1n, password, new Uint8Array(32))).to.throw(CryptoInputError, /random/);
  });
});
