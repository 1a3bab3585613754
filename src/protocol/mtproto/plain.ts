/**
 * Unencrypted MTProto messages, which only the key exchange uses
 * (core.telegram.org/mtproto/description#unencrypted-message):
 *
 *   auth_key_id = 0 (8 bytes) | message_id (8) | message_data_length (4) | message_data
 *
 * all little-endian. The same framing goes both ways; `from` in `unpackPlain`
 * checks the msg_id parity of the side that sent it.
 */
import { SecurityError } from '../errors.js';

/** auth_key_id, msg_id and length: the bytes in front of the body. */
export const PLAIN_HEADER_SIZE = 20;

export interface PlainMessage {
  msgId: bigint;
  body: Uint8Array;
}

const MIN_LONG = -(1n << 63n);
const LIMIT_LONG = 1n << 64n;

/** One unencrypted message around `body` (a boxed TL object, so a whole number of 4-byte words). */
export function packPlain(msgId: bigint, body: Uint8Array): Uint8Array {
  if (typeof msgId !== 'bigint' || msgId < MIN_LONG || msgId >= LIMIT_LONG) {
    throw new TypeError(`packPlain: msgId must be a 64-bit bigint, got ${String(msgId)}`);
  }
  if (!(body instanceof Uint8Array) || body.length % 4 !== 0) {
    throw new TypeError(`packPlain: body must be a Uint8Array of whole 4-byte words, got ${body instanceof Uint8Array ? `${body.length} bytes` : typeof body}`);
  }
  const frame = new Uint8Array(PLAIN_HEADER_SIZE + body.length);
  const view = new DataView(frame.buffer);
  // bytes 0..7 stay zero: auth_key_id = 0
  view.setBigInt64(8, BigInt.asIntN(64, msgId), true);
  view.setUint32(16, body.length, true);
  frame.set(body, PLAIN_HEADER_SIZE);
  return frame;
}

/** True when the frame starts with auth_key_id = 0: an unencrypted message, for `unpackPlain`. */
export function isPlain(frame: Uint8Array): boolean {
  if (frame.length < 8) return false;
  for (let i = 0; i < 8; i++) if (frame[i] !== 0) return false;
  return true;
}

/**
 * Reads one unencrypted message. The frame must be exactly the message (the
 * transport has already cut off its own padding): auth_key_id 0, a length that
 * is a whole number of words and ends where the frame ends. With `from`, the
 * msg_id must have that side's parity: 0 mod 4 from a client, 1 or 3 mod 4
 * from a server. Any failure is a SecurityError; the frame must be dropped.
 * The body is a view into `frame`.
 */
export function unpackPlain(frame: Uint8Array, from?: 'client' | 'server'): PlainMessage {
  if (!(frame instanceof Uint8Array) || frame.length < PLAIN_HEADER_SIZE + 4) {
    const got = frame instanceof Uint8Array ? frame.length : undefined;
    throw new SecurityError('plain-size', `an unencrypted message needs at least ${PLAIN_HEADER_SIZE + 4} bytes, got ${got ?? typeof frame}`, {
      got,
      expected: `>= ${PLAIN_HEADER_SIZE + 4}`,
    });
  }
  if (!isPlain(frame)) {
    const got = Buffer.from(frame.subarray(0, 8)).toString('hex');
    throw new SecurityError('plain-auth-key-id', 'auth_key_id of an unencrypted message must be 0', { got, expected: '0000000000000000' });
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const length = view.getUint32(16, true);
  const available = frame.length - PLAIN_HEADER_SIZE;
  if (length !== available || length % 4 !== 0) {
    throw new SecurityError('plain-length', `message_data_length ${length} does not match the ${available} bytes after the header (a whole number of 4-byte words)`, {
      got: length,
      expected: available,
    });
  }
  const msgId = view.getBigInt64(8, true);
  if (from !== undefined) {
    const parity = Number(BigInt.asUintN(2, msgId));
    const ok = from === 'client' ? parity === 0 : parity === 1 || parity === 3;
    if (!ok) {
      throw new SecurityError('plain-msg-id', `a msg_id from the ${from} must be ${from === 'client' ? '0' : '1 or 3'} mod 4, got ${parity}`, {
        got: parity,
        expected: from === 'client' ? 0 : '1 or 3',
      });
    }
  }
  return { msgId, body: frame.subarray(PLAIN_HEADER_SIZE) };
}
