import { TransportError } from './errors.js';
import type { TransportKind } from './framing.js';

/**
 * What `pack` accepts: MTProto payloads are whole 4-byte words (every transport
 * relies on it; abridged cannot even express anything else), at most `maxPayload`.
 */
export function checkOutgoing(payload: Uint8Array, maxPayload: number, transport: TransportKind): void {
  const n = payload.length;
  if (n === 0 || n % 4 !== 0) {
    throw new TransportError('bad-payload', `${transport}: a payload must be a non-empty multiple of 4 bytes, got ${n}`, n);
  }
  if (n > maxPayload) {
    throw new TransportError('too-large', `${transport}: payload of ${n} bytes exceeds maxPayload ${maxPayload}`, n, maxPayload);
  }
}

/** Checks a length read from a frame header before anything is allocated for it. */
export function checkIncoming(n: number, maxPayload: number, transport: TransportKind, wordAligned: boolean): void {
  if (n === 0 || (wordAligned && n % 4 !== 0) || n < 4) {
    throw new TransportError(
      'bad-length',
      `${transport}: a frame announces ${n} payload bytes; a payload is ${wordAligned ? 'a non-empty multiple of 4' : 'at least 4'} bytes`,
      n,
    );
  }
  if (n > maxPayload) {
    throw new TransportError('too-large', `${transport}: a frame announces ${n} bytes, over maxPayload ${maxPayload}`, n, maxPayload);
  }
}

export function checkMaxPayload(maxPayload: number): number {
  // Abridged counts words in 3 bytes, so no transport can carry more than this.
  const ceiling = 0xffffff * 4;
  if (!Number.isInteger(maxPayload) || maxPayload < 64 || maxPayload > ceiling) {
    throw new RangeError(`maxPayload must be an integer from 64 to ${ceiling}, got ${maxPayload}`);
  }
  return maxPayload;
}

export function checkQuickAckToken(token: number, transport: TransportKind): void {
  // The most significant bit is what tells a quick ack from a length on the client's side.
  if (!Number.isInteger(token) || token < 0x80000000 || token > 0xffffffff) {
    throw new TransportError('bad-payload', `${transport}: a quick-ack token is a uint32 with its top bit set, got ${token}`, token);
  }
}
