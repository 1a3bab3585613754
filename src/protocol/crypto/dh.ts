/**
 * The checks the handshake and SRP owe every Diffie-Hellman parameter from the
 * server (core.telegram.org/mtproto/auth_key, step 6 and "IMPORTANT").
 */
import { checkPrimeSync } from 'node:crypto';
import { SecurityError } from '../errors.js';
import { bitLength } from './bytes.js';

/** dh_prime as Telegram sends it today, the same for the handshake and for 2FA. */
export const TELEGRAM_DH_PRIME = BigInt(
  '0xC71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C3720FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F642477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B',
);

/**
 * Primes already shown to be safe. Telegram's is listed from the start, as the
 * spec suggests ("embed ... known good primes"); test/protocol/crypto/dh.test.ts
 * proves it with the full check, so the entry is not taken on trust.
 */
const knownSafePrimes = new Set<bigint>([TELEGRAM_DH_PRIME]);

/**
 * Miller-Rabin rounds for p and for (p - 1) / 2, each: a composite passes with
 * probability at most 4^-30. OpenSSL runs them (crypto.checkPrimeSync), ~0.1 s
 * for both numbers, once per prime.
 */
const MILLER_RABIN_ROUNDS = 30;

/**
 * g generates the subgroup of prime order (p - 1) / 2, i.e. is a quadratic
 * residue mod p; by quadratic reciprocity, a condition on p mod 4g.
 */
function generatorOk(p: bigint, g: number): boolean {
  switch (g) {
    case 2:
      return p % 8n === 7n;
    case 3:
      return p % 3n === 2n;
    case 4:
      return true;
    case 5: {
      const r = p % 5n;
      return r === 1n || r === 4n;
    }
    case 6: {
      const r = p % 24n;
      return r === 19n || r === 23n;
    }
    case 7: {
      const r = p % 7n;
      return r === 3n || r === 5n || r === 6n;
    }
    default:
      return false;
  }
}

/**
 * dh_prime must be a safe 2048-bit prime (p and (p - 1) / 2 prime,
 * 2^2047 < p < 2^2048) and g one of 2..7 meeting its condition on p.
 * Throws SecurityError ('dh-g' or 'dh-prime'). Cheap for known primes.
 */
export function checkDhPrime(dhPrime: bigint, g: number): void {
  if (!Number.isInteger(g) || g < 2 || g > 7) {
    throw new SecurityError('dh-g', `g must be 2..7, got ${g}`, { got: g, expected: '2..7' });
  }
  if (typeof dhPrime !== 'bigint' || bitLength(dhPrime) !== 2048) {
    const bits = typeof dhPrime === 'bigint' && dhPrime > 0n ? bitLength(dhPrime) : 0;
    throw new SecurityError('dh-prime', `dh_prime must have 2048 bits, got ${bits}`, { got: bits, expected: 2048 });
  }
  if (!generatorOk(dhPrime, g)) {
    throw new SecurityError('dh-g', `g = ${g} does not generate the prime-order subgroup of this dh_prime`, { got: g });
  }
  if (knownSafePrimes.has(dhPrime)) return;
  if (!isSafePrime(dhPrime)) {
    throw new SecurityError('dh-prime', 'dh_prime is not a safe prime');
  }
  knownSafePrimes.add(dhPrime);
}

/** p and (p - 1) / 2 both prime: the full check, without the cache (for tests of the cached constant). */
export function isSafePrime(p: bigint): boolean {
  const options = { checks: MILLER_RABIN_ROUNDS };
  return p > 4n && checkPrimeSync(p, options) && checkPrimeSync((p - 1n) >> 1n, options);
}

const MARGIN = 1n << (2048n - 64n);

/**
 * A DH value from the other side (g_a, g_b, SRP's g_b): 1 < x < p - 1, and,
 * as recommended, 2^(2048-64) <= x <= p - 2^(2048-64). Throws SecurityError ('dh-value').
 */
export function checkDhValue(x: bigint, dhPrime: bigint): void {
  if (typeof x !== 'bigint' || x <= 1n || x >= dhPrime - 1n) {
    throw new SecurityError('dh-value', 'must be in (1, dh_prime - 1)', { got: x, expected: '1 < x < dh_prime - 1' });
  }
  if (x < MARGIN || x > dhPrime - MARGIN) {
    throw new SecurityError('dh-value', 'must be in [2^1984, dh_prime - 2^1984]', {
      got: x,
      expected: '2^1984 <= x <= dh_prime - 2^1984',
    });
  }
}
