/**
 * MTProto 2.0 message keys (core.telegram.org/mtproto/description):
 * x = 0 for messages from the client, 8 for messages from the server.
 */
import { expectBytes } from './bytes.js';
import { sha1, sha256 } from './hash.js';
import { wasmAvailable, wasmMessageKeys } from './wasm.js';

const x = (fromClient: boolean) => (fromClient ? 0 : 8);

/**
 * AES key and IV of one message:
 *   sha256_a = SHA256(msg_key + substr(auth_key, x, 36))
 *   sha256_b = SHA256(substr(auth_key, 40 + x, 36) + msg_key)
 *   aes_key  = substr(sha256_a, 0, 8) + substr(sha256_b, 8, 16) + substr(sha256_a, 24, 8)
 *   aes_iv   = substr(sha256_b, 0, 8) + substr(sha256_a, 8, 16) + substr(sha256_b, 24, 8)
 */
export function messageKeys(authKey: Uint8Array, msgKey: Uint8Array, fromClient: boolean): { key: Uint8Array; iv: Uint8Array } {
  expectBytes('authKey', authKey, 256);
  expectBytes('msgKey', msgKey, 16);
  const at = x(fromClient);
  // The hot path of every message: both hashes in the wasm module (see sha256-kernel.ts).
  if (wasmAvailable) return wasmMessageKeys(authKey, msgKey, at);
  return messageKeysNode(authKey, msgKey, at);
}

/** messageKeys without WebAssembly; exported for tests. */
export function messageKeysNode(authKey: Uint8Array, msgKey: Uint8Array, at: number): { key: Uint8Array; iv: Uint8Array } {
  const a = sha256(msgKey, authKey.subarray(at, at + 36));
  const b = sha256(authKey.subarray(40 + at, 76 + at), msgKey);
  const key = new Uint8Array(32);
  key.set(a.subarray(0, 8), 0);
  key.set(b.subarray(8, 24), 8);
  key.set(a.subarray(24, 32), 24);
  const iv = new Uint8Array(32);
  iv.set(b.subarray(0, 8), 0);
  iv.set(a.subarray(8, 24), 8);
  iv.set(b.subarray(24, 32), 24);
  return { key, iv };
}

/** msg_key: the middle 128 bits of SHA256(substr(auth_key, 88 + x, 32) + plaintext, padding included). */
export function msgKey(authKey: Uint8Array, plaintextWithPadding: Uint8Array, fromClient: boolean): Uint8Array {
  expectBytes('authKey', authKey, 256);
  expectBytes('plaintext', plaintextWithPadding);
  const at = 88 + x(fromClient);
  return sha256(authKey.subarray(at, at + 32), plaintextWithPadding).subarray(8, 24);
}

/** auth_key_id: the lower 64 bits of SHA1(auth_key), i.e. its last 8 bytes read as a little-endian TL long. */
export function authKeyId(authKey: Uint8Array): bigint {
  expectBytes('authKey', authKey, 256);
  const h = sha1(authKey);
  return new DataView(h.buffer, h.byteOffset + 12, 8).getBigInt64(0, true);
}
