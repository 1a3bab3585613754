/**
 * The WebAssembly module of this folder: the AES-IGE kernels
 * (`aes-kernel.ts`) and SHA-256 (`sha256-kernel.ts`), emitted, compiled and
 * instantiated on first use, with one memory laid out by `wasm-layout.ts`.
 * Calls are synchronous and never re-entrant, so the fixed regions are
 * simply reused. The memory grows to fit the longest IGE input seen (a 1 MiB
 * file part: ~1.1 MiB) and, as wasm memories do, never shrinks.
 */
import { IGE_LOCALS, igeKernel } from './aes-kernel.js';
import { INV_SBOX4, SBOX4, TD, TE } from './aes-tables.js';
import { allocBytes } from './bytes.js';
import { SHA256_LOCALS, sha256Kernel } from './sha256-kernel.js';
import { emitModule } from './wasm-emit.js';
import { layout } from './wasm-layout.js';

// The compiler's es2022 lib has no WebAssembly types (they come with "dom"); this is the part used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
};

interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  encrypt(q: number, end: number): void;
  decrypt(q: number, end: number): void;
  sha256(ptr: number, end: number, out: number): void;
}

const PAGE = 65536;

let instance: Exports | undefined;
let bytes = new Uint8Array(0);

/** False where WebAssembly is unavailable (e.g. `node --jitless`): callers fall back to node:crypto. */
export const wasmAvailable = typeof WebAssembly === 'object';

function load(): Exports {
  const module = new WebAssembly.Module(
    emitModule(1, [
      { name: 'encrypt', params: 2, locals: IGE_LOCALS, body: igeKernel(false) },
      { name: 'decrypt', params: 2, locals: IGE_LOCALS, body: igeKernel(true) },
      { name: 'sha256', params: 3, locals: SHA256_LOCALS, body: sha256Kernel() },
    ]),
  );
  const exports = new WebAssembly.Instance(module).exports as Exports;
  // Wasm memory is little-endian whatever the host: write the tables word by word.
  const view = new DataView(exports.memory.buffer);
  const put = (at: number, words: Uint32Array) => words.forEach((w, i) => view.setUint32(at + 4 * i, w, true));
  put(layout.te, TE);
  put(layout.td, TD);
  put(layout.sbox4, SBOX4);
  put(layout.invSbox4, INV_SBOX4);
  instance = exports;
  bytes = new Uint8Array(exports.memory.buffer);
  // messageKeys hashes two 52-byte strings: their padding never changes.
  for (const at of [layout.keyHashA, layout.keyHashB]) {
    bytes[at + 52] = 0x80;
    bytes[at + 62] = (52 * 8) >> 8;
    bytes[at + 63] = (52 * 8) & 255;
  }
  return exports;
}

/**
 * AES-256-IGE of whole blocks. Arguments are trusted (checked by `ige.ts`):
 * key 32 bytes, iv 32 bytes, data a non-zero multiple of 16.
 */
export function wasmIge(data: Uint8Array, key: Uint8Array, iv: Uint8Array, decrypt: boolean, into?: Uint8Array): Uint8Array {
  const k = instance ?? load();
  const n = data.length;
  const chain = layout.chain;
  const need = chain + 48 + n;
  if (need > bytes.length) {
    k.memory.grow(Math.ceil((need - bytes.length) / PAGE));
    bytes = new Uint8Array(k.memory.buffer);
  }
  bytes.set(key, layout.key);
  // Slots -2 and -1 of the chain (see aes-kernel.ts).
  bytes.set(iv.subarray(decrypt ? 16 : 0, decrypt ? 32 : 16), chain);
  bytes.set(iv.subarray(decrypt ? 0 : 16, decrypt ? 16 : 32), chain + 16);
  bytes.set(data, chain + 32);
  if (decrypt) k.decrypt(chain, chain + n);
  else k.encrypt(chain, chain + n);
  const out = into ?? allocBytes(n);
  out.set(bytes.subarray(chain + 16, chain + 16 + n));
  return out;
}

/** Inputs up to this many bytes fit the SHA-256 input region with their padding. */
export const WASM_SHA256_MAX = layout.shaInputMax - 72;

/** SHA-256 of the concatenated parts, at most WASM_SHA256_MAX bytes in all. */
export function wasmSha256(parts: Uint8Array[]): Uint8Array {
  const k = instance ?? load();
  const start = layout.shaIn;
  let n = 0;
  for (const p of parts) {
    bytes.set(p, start + n);
    n += p.length;
  }
  // Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian number.
  const end = start + (((n + 8) >> 6) + 1) * 64;
  bytes[start + n] = 0x80;
  bytes.fill(0, start + n + 1, end - 4);
  const bits = n * 8;
  bytes[end - 4] = bits >>> 24;
  bytes[end - 3] = (bits >>> 16) & 255;
  bytes[end - 2] = (bits >>> 8) & 255;
  bytes[end - 1] = bits & 255;
  k.sha256(start, end, layout.shaOut);
  return bytes.slice(layout.shaOut, layout.shaOut + 32);
}

/**
 * MTProto 2.0 AES key and IV (see message-keys.ts) with both SHA-256s in the
 * module: the two 52-byte messages are written into pre-padded blocks, and
 * the 64 bytes of key and IV gathered from the digests. Arguments trusted.
 */
export function wasmMessageKeys(authKey: Uint8Array, msgKey: Uint8Array, x: number): { key: Uint8Array; iv: Uint8Array } {
  const k = instance ?? load();
  const a = layout.keyHashA;
  const b = layout.keyHashB;
  const m = bytes;
  // a: msg_key + auth_key[x, 36];  b: auth_key[40 + x, 36] + msg_key
  for (let i = 0; i < 16; i++) {
    m[a + i] = msgKey[i];
    m[b + 36 + i] = msgKey[i];
  }
  for (let i = 0; i < 36; i++) {
    m[a + 16 + i] = authKey[x + i];
    m[b + i] = authKey[40 + x + i];
  }
  const ha = layout.shaOut;
  const hb = ha + 32;
  k.sha256(a, a + 64, ha);
  k.sha256(b, b + 64, hb);
  // key = a[0:8] + b[8:24] + a[24:32];  iv = b[0:8] + a[8:24] + b[24:32]
  const key = new Uint8Array(32);
  const iv = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    const fromA = i < 8 || i >= 24;
    key[i] = m[(fromA ? ha : hb) + i];
    iv[i] = m[(fromA ? hb : ha) + i];
  }
  return { key, iv };
}
