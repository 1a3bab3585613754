import { timingSafeEqual } from 'node:crypto';
import { authKeyId, igeDecrypt, messageKeys, msgKey } from '../crypto/index.js';
import { igeDecryptInPlace, igeEncryptInPlace } from '../crypto/ige.js';
import { SecurityError } from '../errors.js';

/** One decrypted MTProto message, before its body is interpreted. */
export interface Opened {
  salt: bigint;
  sessionId: bigint;
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

const HEADER = 32; // salt, session_id, msg_id, seq_no, length

/**
 * Encrypts one message as MTProto 2.0 lays it out:
 * auth_key_id | msg_key | AES-256-IGE(salt, session_id, msg_id, seq_no, length, body, 12..1024 bytes of padding).
 */
export function seal(
  authKey: Uint8Array,
  keyId: Uint8Array,
  m: Omit<Opened, 'body'> & { body: Uint8Array },
  fromClient: boolean,
  random: (n: number) => Uint8Array,
): Uint8Array {
  const [head, encrypted] = sealParts(authKey, keyId, m, [m.body], fromClient, random);
  const frame = new Uint8Array(head.length + encrypted.length);
  frame.set(head, 0);
  frame.set(encrypted, head.length);
  return frame;
}

/**
 * `seal` with the body given as pieces (joined once, into the plaintext) and
 * the frame handed back as two pieces, auth_key_id + msg_key and the
 * ciphertext, so that a big message (a file part) is not copied again to be
 * framed: the transport writes the pieces one after the other.
 */
export function sealParts(
  authKey: Uint8Array,
  keyId: Uint8Array,
  m: Omit<Opened, 'body'>,
  body: readonly Uint8Array[],
  fromClient: boolean,
  random: (n: number) => Uint8Array,
): [Uint8Array, Uint8Array] {
  let bodyLength = 0;
  for (const piece of body) bodyLength += piece.length;
  const length = HEADER + bodyLength;
  const padding = 12 + ((16 - ((length + 12) % 16)) % 16);
  const plain = new Uint8Array(length + padding);
  const view = new DataView(plain.buffer);
  view.setBigInt64(0, m.salt, true);
  view.setBigInt64(8, m.sessionId, true);
  view.setBigInt64(16, m.msgId, true);
  view.setInt32(24, m.seqNo, true);
  view.setInt32(28, bodyLength, true);
  let at = HEADER;
  for (const piece of body) {
    plain.set(piece, at);
    at += piece.length;
  }
  plain.set(random(padding), length);
  const key = msgKey(authKey, plain, fromClient);
  const { key: aesKey, iv } = messageKeys(authKey, key, fromClient);
  const head = new Uint8Array(24);
  head.set(keyId, 0);
  head.set(key, 8);
  // The plaintext is this function's own: encrypted over itself.
  return [head, igeEncryptInPlace(plain, aesKey, iv)];
}

/**
 * Decrypts and checks one frame: auth_key_id, msg_key (recomputed, compared in
 * constant time), length and padding (12..1024 bytes). Session id, msg_id
 * parity and time are the session's to check. Any failure is a SecurityError.
 * `inPlace`: the caller owns `frame` and is done with it, so the plaintext is
 * written over the ciphertext (no second buffer for a file part).
 */
export function open(authKey: Uint8Array, keyId: Uint8Array, frame: Uint8Array, fromClient: boolean, inPlace = false): Opened {
  if (frame.length < 24 + HEADER + 12 || (frame.length - 24) % 16 !== 0) {
    throw new SecurityError('frame-size', `an encrypted frame of ${frame.length} bytes is not 24 + a multiple of 16, at least 80`);
  }
  if (!timingSafeEqual(frame.subarray(0, 8), keyId)) {
    throw new SecurityError('auth-key-id', 'the frame is for another auth key');
  }
  const key = frame.subarray(8, 24);
  const { key: aesKey, iv } = messageKeys(authKey, key, fromClient);
  const plain = (inPlace ? igeDecryptInPlace : igeDecrypt)(frame.subarray(24), aesKey, iv);
  // msg_key is checked before anything in the plaintext is trusted.
  if (!timingSafeEqual(msgKey(authKey, plain, fromClient), key)) {
    throw new SecurityError('msg-key', 'msg_key does not match the decrypted data');
  }
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const length = view.getInt32(28, true);
  const padding = plain.length - HEADER - length;
  if (length < 0 || length % 4 !== 0 || padding < 12 || padding > 1024) {
    throw new SecurityError('padding', `message length ${length} leaves ${padding} bytes of padding (12..1024 allowed)`);
  }
  return {
    salt: view.getBigInt64(0, true),
    sessionId: view.getBigInt64(8, true),
    msgId: view.getBigInt64(16, true),
    seqNo: view.getInt32(24, true),
    body: plain.subarray(HEADER, HEADER + length),
  };
}

/** auth_key_id as the 8 bytes that open every encrypted frame. */
export function keyIdBytes(authKey: Uint8Array): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, authKeyId(authKey), true);
  return b;
}
