/**
 * pq factorisation for the handshake's proof of work: pq < 2^64 is the product
 * of two primes of about 32 bits. Pollard's rho in Brent's variant, with the
 * gcds batched (one per 128 steps), on bigint. A step costs ~50 ns (bigint
 * multiply and remainder), ~2 per iteration, ~1.2 sqrt(p) iterations: 5-6 ms
 * on average for 31/32-bit primes here, ~17-30 ms at worst (GramJS: 25-70 ms).
 */
import { checkPrimeSync } from 'node:crypto';
import { CryptoInputError } from '../errors.js';

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A non-trivial divisor of composite n, or n itself if this c failed (try another c). */
function brent(n: bigint, y: bigint, c: bigint): bigint {
  const BATCH = 128;
  let g = 1n;
  let r = 1;
  let q = 1n;
  let x = y;
  let ys = y;
  while (g === 1n) {
    x = y;
    for (let i = 0; i < r; i++) y = (y * y + c) % n;
    for (let k = 0; k < r && g === 1n; k += BATCH) {
      ys = y;
      for (let i = 0; i < BATCH && i < r - k; i++) {
        y = (y * y + c) % n;
        q = (q * (x > y ? x - y : y - x)) % n;
      }
      g = gcd(q, n);
    }
    r *= 2;
  }
  if (g === n) {
    // The batch overshot: redo its steps one gcd at a time.
    do {
      ys = (ys * ys + c) % n;
      g = gcd(x > ys ? x - ys : ys - x, n);
    } while (g === 1n);
  }
  return g;
}

/** [p, q] with p <= q and p * q = pq, p the smallest factor found; pq must be composite, below 2^64. */
export function factorize(pq: bigint): [bigint, bigint] {
  if (typeof pq !== 'bigint' || pq < 4n || pq >= 1n << 64n) {
    throw new CryptoInputError('pq', 'expected a composite bigint in [4, 2^64)', pq);
  }
  if ((pq & 1n) === 0n) return [2n, pq / 2n];
  // rho on a prime would cycle for ~2^32 steps before giving up.
  if (checkPrimeSync(pq)) throw new CryptoInputError('pq', 'is prime: there is nothing to factor', pq);
  // Deterministic seeds: the same pq always takes the same path.
  for (let c = 1n; c < 64n; c++) {
    const d = brent(pq, 2n, c);
    if (d !== pq) {
      const e = pq / d;
      return d < e ? [d, e] : [e, d];
    }
  }
  throw new CryptoInputError('pq', 'no factor found', pq);
}
