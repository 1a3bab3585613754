/**
 * AES-256-IGE, the cipher of every MTProto message and file chunk.
 *
 *   c_i = E(m_i ^ c_{i-1}) ^ m_{i-1}      c_{-1} = iv[0:16], m_{-1} = iv[16:32]
 *   m_i = D(c_i ^ m_{i-1}) ^ c_{i-1}
 *
 * Encryption is one XOR pass, a CBC encryption, and another XOR pass.
 * Let d_i = c_i ^ m_{i-1} = E(m_i ^ c_{i-1}). For i >= 1, c_{i-1} = d_{i-1} ^ m_{i-2}, so
 *   d_i = E((m_i ^ m_{i-2}) ^ d_{i-1})        (i >= 1, with m_{-1} = iv[16:32])
 *   d_0 = E(m_0 ^ iv[0:16])
 * With p_0 = m_0 and p_i = m_i ^ m_{i-2}, and d_{-1} = iv[0:16], that is
 * d_i = E(p_i ^ d_{i-1}): exactly CBC encryption of p under IV iv[0:16]. Then
 * c_i = d_i ^ m_{i-1}. So node's AES-NI CBC does the sequential part in one
 * call, and the two XOR passes are independent per block.
 *
 * Decryption has no such rewrite: the input of D for block i needs the
 * plaintext of block i-1, which only D itself yields, and no cipher mode node
 * exposes chains through D (CBC, OCB and XTS decryption are parallel; CFB, OFB,
 * CTR and GCM only use E). It runs in the WebAssembly kernel of `aes-kernel.ts`.
 *
 * With the AES-NI addon (`native.ts`), both directions run there instead, in
 * one call per message; the routes below are the fallback without it.
 *
 * Measured on the development machine (AMD EPYC, 2 cores, node 20.20; MB/s at
 * 1 KiB / 64 KiB / 1 MiB; noisy to +-10 %):
 *   node aes-256-ecb decipher, one update() per block        33 /  34 /  33   (the trap)
 *   T-table AES in TypeScript, rounds unrolled, decrypt      102 / 180 / 185
 *   GramJS 2.26 (@cryptography/aes)            encrypt        63 /  75 /  69   decrypt  62 /  76 /  69
 *   mtcute 0.30 (@mtcute/wasm, C to wasm)      encrypt       219 / 256 / 252   decrypt 211 / 259 / 256
 *   layer wasm kernel                          encrypt       263 / 300 / 305   decrypt 259 / 313 / 310
 *   node aes-256-cbc encryption alone (the bound)            261 / 804 / 1070
 *   layer XOR + CBC + XOR                      encrypt      ~250 / 615 / 605
 *   layer AES-NI addon                         either        ~1050 at 1 MiB
 * So without the addon, encryption takes the CBC route from ENCRYPT_CBC_FROM bytes up (below
 * that, creating node's cipher costs more than the kernel's whole run; the
 * crossover measured between 1 and 1.5 KiB), and decryption always takes the
 * kernel. Without WebAssembly (node --jitless) encryption always takes CBC
 * and decryption falls back to node's AES one block at a time.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CryptoInputError } from '../errors.js';
import { nativeAes } from './native.js';
import { wasmAvailable, wasmIge } from './wasm.js';
import { allocBytes, expectBytes } from './bytes.js';

/** Encryptions at least this long take the XOR + CBC + XOR route. */
export const ENCRYPT_CBC_FROM = 1280;

function check(data: Uint8Array, key: Uint8Array, iv: Uint8Array): void {
  expectBytes('data', data);
  expectBytes('key', key, 32);
  expectBytes('iv', iv, 32);
  if (data.length % 16 !== 0) {
    throw new CryptoInputError('data', `AES-IGE needs whole 16-byte blocks, got ${data.length} bytes`, data.length);
  }
}

/** AES-256-IGE encryption. `data` is whole blocks; `iv` is 32 bytes as MTProto uses them. */
export function igeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check(data, key, iv);
  if (data.length === 0) return new Uint8Array(0);
  if (nativeAes) return viaNative(false, data, key, iv, allocBytes(data.length));
  if (data.length < ENCRYPT_CBC_FROM && wasmAvailable) return wasmIge(data, key, iv, false);
  return encryptViaCbc(data, key, iv);
}

/** AES-256-IGE decryption. */
export function igeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check(data, key, iv);
  if (data.length === 0) return new Uint8Array(0);
  if (nativeAes) return viaNative(true, data, key, iv, allocBytes(data.length));
  if (wasmAvailable) return wasmIge(data, key, iv, true);
  return decryptPerBlock(data, key, iv);
}

/**
 * igeEncrypt writing the ciphertext over `data`, for a caller that built the
 * plaintext itself (a message being sealed). With the addon, no second buffer;
 * the fallback routes make one and copy it back.
 */
export function igeEncryptInPlace(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check(data, key, iv);
  if (data.length === 0) return data;
  if (nativeAes) return viaNative(false, data, key, iv, data);
  if (data.length < ENCRYPT_CBC_FROM && wasmAvailable) return wasmIge(data, key, iv, false, data);
  data.set(encryptViaCbc(data, key, iv));
  return data;
}

/**
 * igeDecrypt writing the plaintext over `data`, for a caller that owns the
 * ciphertext and has no further use for it (a received frame): a 1 MiB file
 * part then costs no second buffer.
 */
export function igeDecryptInPlace(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check(data, key, iv);
  if (data.length === 0) return data;
  if (nativeAes) return viaNative(true, data, key, iv, data);
  if (wasmAvailable) return wasmIge(data, key, iv, true, data);
  const plain = decryptPerBlock(data, key, iv);
  data.set(plain);
  return data;
}

function viaNative(decrypt: boolean, data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): Uint8Array {
  nativeAes!.ige(decrypt, data, key, iv, out);
  return out;
}

let scratch = new Int32Array(0);
/** Bytes of scratch kept between calls: a 1 MiB download part with its MTProto header fits. */
const SCRATCH_KEEP = 2 << 20;

/** 32-bit words of `bytes`, copied only if its offset is not 4-aligned. */
function words(bytes: Uint8Array): Int32Array {
  if ((bytes.byteOffset & 3) === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const copy = new Uint8Array(bytes);
  return new Int32Array(copy.buffer, 0, bytes.length >> 2);
}

/** Exported for tests, which also reach it through igeEncrypt from ENCRYPT_CBC_FROM bytes. */
export function encryptViaCbc(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  const n = data.length >> 2;
  const m = words(data);
  const v = words(iv);
  // p_0 = m_0, p_1 = m_1 ^ iv[16:32], p_i = m_i ^ m_{i-2}: word j of block i pairs with word j - 8.
  const p = n <= scratch.length ? scratch : new Int32Array(n);
  if (p !== scratch && n <= SCRATCH_KEEP >> 2) scratch = p;
  for (let j = 0; j < 4; j++) p[j] = m[j];
  for (let j = 4; j < 8 && j < n; j++) p[j] = m[j] ^ v[j];
  for (let j = 8; j < n; j++) p[j] = m[j] ^ m[j - 8];

  const cipher = createCipheriv('aes-256-cbc', key, iv.subarray(0, 16)).setAutoPadding(false);
  const out = cipher.update(new Uint8Array(p.buffer, 0, data.length));
  // c_i = d_i ^ m_{i-1}, m_{-1} = iv[16:32]: word j pairs with word j - 4.
  const c = words(out);
  for (let j = 0; j < 4; j++) c[j] ^= v[4 + j];
  for (let j = 4; j < n; j++) c[j] ^= m[j - 4];
  return new Uint8Array(c.buffer, c.byteOffset, data.length);
}

/** Without WebAssembly: node's AES one block at a time (slow, ~35 MB/s, but correct). Exported for tests. */
export function decryptPerBlock(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = new Uint8Array(data.length);
  const x = new Uint8Array(16);
  let cPrev = iv.subarray(0, 16);
  let mPrev = iv.subarray(16, 32);
  for (let i = 0; i < data.length; i += 16) {
    const c = data.subarray(i, i + 16);
    for (let j = 0; j < 16; j++) x[j] = c[j] ^ mPrev[j];
    const d = decipher.update(x);
    for (let j = 0; j < 16; j++) out[i + j] = d[j] ^ cPrev[j];
    cPrev = c;
    mPrev = out.subarray(i, i + 16);
  }
  return out;
}
