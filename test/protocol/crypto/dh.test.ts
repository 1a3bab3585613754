import { expect } from 'chai';
import { getDiffieHellman } from 'node:crypto';
import { bytesToBigint, checkDhPrime, checkDhValue, isSafePrime, SecurityError, TELEGRAM_DH_PRIME } from '../../../src/protocol/crypto/index.js';
import { hex } from './helpers.js';

function securityError(fn: () => void, check: string): SecurityError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(SecurityError);
    expect((e as SecurityError).check).to.equal(check);
    return e as SecurityError;
  }
  throw new Error(`expected SecurityError(${check})`);
}

describe('crypto: DH parameter checks', () => {
  const p = TELEGRAM_DH_PRIME;
  // RFC 3526 group 14, another safe 2048-bit prime; p = 7 mod 8, 2 mod 3, 4 mod 5, 23 mod 24, 5 mod 7: every g qualifies.
  const modp14 = BigInt('0x' + getDiffieHellman('modp14').getPrime('hex'));
  // 2^2047 + 1919 is prime but (p - 1) / 2 is not; 2^2047 + 1 is divisible by 3.
  const primeNotSafe = (1n << 2047n) + 1919n;
  const composite = (1n << 2047n) + 1n;

  it("proves the built-in Telegram prime safe with the full check (it is cached, not trusted)", () => {
    expect(isSafePrime(p)).to.equal(true);
    expect(isSafePrime(p + 2n)).to.equal(false);
  });

  it('accepts the Telegram prime with g = 3, 4, 7 and refuses 2, 5, 6 (p mod 8 = 3, mod 5 = 3, mod 24 = 11)', () => {
    for (const g of [3, 4, 7]) checkDhPrime(p, g);
    for (const g of [2, 5, 6]) securityError(() => checkDhPrime(p, g), 'dh-g');
  });

  it('runs the Miller-Rabin check for an unknown safe prime, then remembers it', () => {
    for (const g of [2, 3, 4, 5, 6, 7]) checkDhPrime(modp14, g);
  });

  it('refuses g outside 2..7', () => {
    for (const g of [0, 1, 8, 2.5, NaN]) {
      const e = securityError(() => checkDhPrime(p, g), 'dh-g');
      expect(e.got).to.deep.equal(g);
    }
  });

  it('refuses primes of the wrong size, composites, and primes that are not safe', () => {
    const e = securityError(() => checkDhPrime(p >> 1n, 3), 'dh-prime');
    expect(e.got).to.equal(2047);
    expect(e.expected).to.equal(2048);
    securityError(() => checkDhPrime(p << 1n, 3), 'dh-prime');
    securityError(() => checkDhPrime(-p, 3), 'dh-prime');
    securityError(() => checkDhPrime(composite, 4), 'dh-prime');
    securityError(() => checkDhPrime(primeNotSafe, 2), 'dh-prime');
    securityError(() => checkDhPrime(primeNotSafe, 4), 'dh-prime');
  });

  it("accepts the example handshake's g_a and g_b", () => {
    checkDhValue(
      bytesToBigint(
        hex(
          '236F6D779877A357465CEC030AC5FDA6D6B377372BFA75574289988FD87D966A29B47E0C00BC788900304EA5E03F3856058C309A6CB508553913788D41A61B1D82B0A2F932C68F18FC21851E66D8649AD9E2092F08C96AD67810724369BF0511E74E1F71F1A825EDDFA1D5DC30E359693C0366FF9FB6828699ACFD1F037116F95ADD42F6C64B580B3287AA32FBA518E4B8C9C7B52413B501247DB05ADDD891794394DB529E66890603BCD75CF70E6151398EE85F6D8178EA72C6A61937BCE32BFDAEA86B57A27EBC379933F54C7D44F3E407ED26685D88F0F10A344CDF62F4E20974B374BA1D41DF223A867DD19713CF0FF71F24465D79258B1742916EE35EE3',
        ),
      ),
      p,
    );
  });

  it('checks DH values against both bounds, inclusive at 2^1984 and p - 2^1984', () => {
    const margin = 1n << 1984n;
    checkDhValue(margin, p);
    checkDhValue(p - margin, p);
    checkDhValue(p / 2n, p);
    for (const x of [0n, 1n, 2n, p - 2n, p - 1n, p, p + 5n, -5n, margin - 1n, p - margin + 1n]) {
      securityError(() => checkDhValue(x, p), 'dh-value');
    }
    const e = securityError(() => checkDhValue(1n, p), 'dh-value');
    expect(e.got).to.equal(1n);
  });
});
