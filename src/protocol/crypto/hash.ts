/** SHA-1, SHA-256 and randomness, as plain Uint8Arrays: node:crypto, and one-block SHA-256 in the wasm module. */
import * as nodeCrypto from 'node:crypto';
import { wasmAvailable, wasmSha256 } from './wasm.js';

// crypto.hash (node >= 20.12) hashes in one native call, ~30 % faster than
// createHash().update().digest() on short inputs; older 20.x fall back.
const oneShot: typeof nodeCrypto.hash | undefined = nodeCrypto.hash;
const JOIN_LIMIT = 4096;
// One SHA-256 block (55 bytes and its padding) in the wasm module takes ~0.3 us, half
// of node's call overhead; from two blocks on node's SHA-NI is as fast or faster.
const WASM_SHA256_UPTO = 55;
const joined = new Uint8Array(JOIN_LIMIT);

function view(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/**
 * Digest of the concatenated parts. Short inputs are joined into one reused
 * buffer and hashed in one call; long ones are fed to a streaming hash, so
 * nothing large is copied.
 */
function digest(algorithm: 'sha1' | 'sha256', parts: Uint8Array[]): Uint8Array {
  if (algorithm === 'sha256' && wasmAvailable) {
    let n = 0;
    for (const p of parts) n += p.length;
    if (n <= WASM_SHA256_UPTO) return wasmSha256(parts);
  }
  if (oneShot) {
    if (parts.length === 1) return view(oneShot(algorithm, parts[0], 'buffer'));
    let n = 0;
    for (const p of parts) n += p.length;
    if (n <= JOIN_LIMIT) {
      let at = 0;
      for (const p of parts) {
        joined.set(p, at);
        at += p.length;
      }
      return view(oneShot(algorithm, joined.subarray(0, n), 'buffer'));
    }
  }
  const h = nodeCrypto.createHash(algorithm);
  for (const p of parts) h.update(p);
  return view(h.digest());
}

/** SHA-1 of the parts, concatenated. */
export function sha1(...parts: Uint8Array[]): Uint8Array {
  return digest('sha1', parts);
}

/** SHA-256 of the parts, concatenated. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  return digest('sha256', parts);
}

const POOL_SIZE = 8192;
const SMALL = 256;
let pool: Uint8Array = new Uint8Array(0);
let poolOffset = 0;

/**
 * `n` cryptographically strong random bytes, in a buffer of their own.
 * Small requests (padding, ids: one or more per message sent) are cut from a
 * pool refilled 8 KiB at a time, which saves a call into OpenSSL per message.
 */
export function randomBytes(n: number): Uint8Array {
  if (n > SMALL) return view(nodeCrypto.randomBytes(n));
  if (poolOffset + n > pool.length) {
    pool = view(nodeCrypto.randomBytes(POOL_SIZE));
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + n);
  // Handed-out bytes are wiped from the pool so they are never given twice or left lying around.
  pool.fill(0, poolOffset, (poolOffset += n));
  return out;
}

/** A cryptographically strong random signed 64-bit integer (a random_id, a file id), read from the pool without a buffer of its own. */
export function randomLong(): bigint {
  if (poolOffset + 8 > pool.length) {
    pool = view(nodeCrypto.randomBytes(POOL_SIZE));
    poolOffset = 0;
  }
  const value = new DataView(pool.buffer, pool.byteOffset + poolOffset, 8).getBigInt64(0, true);
  pool.fill(0, poolOffset, (poolOffset += 8));
  return value;
}
