/** Byte helpers shared by the crypto modules: big-endian bigints, checks, allocation. */
import { CryptoInputError } from '../errors.js';

/**
 * `n` uninitialised bytes, which the caller must overwrite entirely. Small
 * sizes come from node's Buffer pool: `new Uint8Array(n)` costs ~0.4 us at any
 * size below a page, more than hashing 64 bytes. Returned as a plain
 * Uint8Array so `slice` copies, as callers expect.
 */
export function allocBytes(n: number): Uint8Array {
  const b = Buffer.allocUnsafe(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

/** Throws CryptoInputError unless `value` is a Uint8Array of exactly `length` bytes. */
export function expectBytes(argument: string, value: unknown, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new CryptoInputError(argument, `expected a Uint8Array, got ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new CryptoInputError(argument, `expected ${length} bytes, got ${value.length}`, value.length, length);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.constructor?.name ?? 'an object';
  return typeof v;
}

/** A big-endian unsigned integer: the byte order of RSA, DH and SRP values on the wire. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'));
}

/** `value` as exactly `length` big-endian bytes; CryptoInputError if it is negative or does not fit. */
export function bigintToBytes(value: bigint, length: number): Uint8Array {
  if (value < 0n) throw new CryptoInputError('value', 'expected a non-negative bigint', value);
  const hex = value.toString(16);
  if (hex.length > 2 * length) {
    throw new CryptoInputError('value', `needs ${Math.ceil(hex.length / 2)} bytes, more than ${length}`, value, length);
  }
  return Uint8Array.from(Buffer.from(hex.padStart(2 * length, '0'), 'hex'));
}

/** Number of bits of a non-negative bigint (0 for 0). */
export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** The pieces joined into one buffer (`length`, when the caller knows it, saves a pass). */
export function joinBytes(pieces: readonly Uint8Array[], length?: number): Uint8Array {
  if (length === undefined) {
    length = 0;
    for (const piece of pieces) length += piece.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
