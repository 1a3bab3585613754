import { TlEncodeError } from './errors.js';
import { describe } from './writer.js';

/** Errors the generated encoders throw; `encode` then adds the field path. */
export function wrongObject(o: unknown, expected: string): TlEncodeError {
  const known = o != null && typeof (o as { _?: unknown })._ === 'string';
  return new TlEncodeError(known ? `expected ${expected}, got ${describe(o)}` : `expected ${expected} (an object with a known "_"), got ${describe(o)}`);
}

export function notArray(a: unknown): TlEncodeError {
  return new TlEncodeError(`expected an array, got ${describe(a)}`);
}
