/**
 * Modular exponentiation on bigint, for RSA, DH and SRP.
 *
 * JavaScript has no modpow, and a bigint square-and-multiply over 2048 bits
 * takes ~10 ms here (a 5-bit window saves a fifth of that). OpenSSL's is ~1.5
 * ms, and node reaches it for any odd modulus through a raw RSA public-key
 * operation: publicEncrypt with RSA_NO_PADDING on the key (n = modulus,
 * e = exponent) computes base^e mod n, which is all RSA is. OpenSSL requires
 * e < n (and, above 3072-bit moduli, e of at most 64 bits), so larger
 * exponents are split into pieces below the modulus. Where the native route
 * does not apply (even or tiny moduli) or fails, the bigint version runs.
 */
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { CryptoInputError } from '../errors.js';
import { bigintToBytes, bitLength, bytesToBigint } from './bytes.js';

const NATIVE_MIN_BITS = 512;
const NATIVE_MAX_BITS = 3072;

/** base^exp mod mod, for exp >= 0 and mod >= 1. */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  if (typeof base !== 'bigint' || typeof exp !== 'bigint' || typeof mod !== 'bigint') {
    throw new CryptoInputError('modPow', 'expected bigint arguments');
  }
  if (mod < 1n) throw new CryptoInputError('mod', 'must be positive', mod);
  if (exp < 0n) throw new CryptoInputError('exp', 'must not be negative', exp);
  if (mod === 1n) return 0n;
  base %= mod;
  if (base < 0n) base += mod;
  const bits = bitLength(mod);
  if ((mod & 1n) === 1n && bits >= NATIVE_MIN_BITS && bits <= NATIVE_MAX_BITS) {
    try {
      return nativePow(base, exp, mod, bits);
    } catch {
      // An OpenSSL build that refuses the key shape: the bigint version is always right.
    }
  }
  return modPowBigint(base, exp, mod);
}

function nativePow(base: bigint, exp: bigint, mod: bigint, bits: number): bigint {
  if (exp < 2n) return exp === 0n ? 1n : base;
  if (exp < mod) return rsaPublic(base, exp, mod, bits);
  // exp = hi * 2^k + lo, with 2^k < mod and lo < mod: base^exp = (base^hi)^(2^k) * base^lo.
  const k = BigInt(bits - 1);
  const hi = nativePow(base, exp >> k, mod, bits);
  const lo = nativePow(base, exp & ((1n << k) - 1n), mod, bits);
  return (rsaPublic(hi, 1n << k, mod, bits) * lo) % mod;
}

const b64url = (v: bigint) => Buffer.from(bigintToBytes(v, Math.ceil(bitLength(v) / 8))).toString('base64url');

function rsaPublic(base: bigint, exp: bigint, mod: bigint, bits: number): bigint {
  const size = Math.ceil(bits / 8);
  const key = createPublicKey({ key: { kty: 'RSA', n: b64url(mod), e: b64url(exp) }, format: 'jwk' });
  return bytesToBigint(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, bigintToBytes(base, size)));
}

/** Left-to-right square-and-multiply with a 5-bit sliding window. */
export function modPowBigint(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod === 1n) return 0n;
  base %= mod;
  if (base < 0n) base += mod;
  if (exp === 0n) return 1n;
  const WINDOW = 5;
  // odd[i] = base^(2i + 1)
  const odd = [base];
  const square = (base * base) % mod;
  for (let i = 1; i < 1 << (WINDOW - 1); i++) odd.push((odd[i - 1] * square) % mod);
  const bits = exp.toString(2);
  let result = 1n;
  let i = 0;
  while (i < bits.length) {
    if (bits[i] === '0') {
      result = (result * result) % mod;
      i++;
      continue;
    }
    // The longest window of at most WINDOW bits starting here that ends in a 1.
    let j = Math.min(i + WINDOW, bits.length);
    while (bits[j - 1] === '0') j--;
    for (let s = i; s < j; s++) result = (result * result) % mod;
    result = (result * odd[(parseInt(bits.slice(i, j), 2) - 1) >> 1]) % mod;
    i = j;
  }
  return result;
}
