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
 * CTR and GCM only use E). It runs in the WebAssembly kernel of `aes-wasm.ts`.
 *
 * Measured here (AMD EPYC ~2.6 GHz, node 20.20, MB/s at 1 KiB / 64 KiB / 1 MiB):
 *   node aes-256-ecb decipher, one update() per block    33 / 35 / 33
 *   table-driven AES in TypeScript (T-tables, unrolled)   (see bench notes in the report) ~
 *   GramJS (@cryptography/aes, JS)                       63 / 79 / 78     decrypt 65 / 79 / 83
 *   mtcute (@mtcute/wasm, C compiled to wasm)           215 / 255 / 260   decrypt 205 / 260 / 260
 *   layer wasm kernel (emitted by aes-wasm.ts)          260 / 300 / 305   decrypt 250 / 305 / 300
 *   node aes-256-cbc alone (the bound)                  313 / 803 / 855..1140
 *   layer XOR + CBC + XOR encryption                    164 / 645 / 680
 * so encryption takes the CBC route from ENCRYPT_CBC_FROM bytes up (below
 * that, creating the node cipher costs more than the kernel's whole run), and
 * decryption always takes the kernel.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CryptoInputError } from '../errors.js';
import { wasmAvailable, wasmIge } from './aes-wasm.js';
import { expectBytes } from './bytes.js';

/** Encryptions at least this long take the XOR + CBC + XOR route. */
export const ENCRYPT_CBC_FROM = 4096;

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
  if (data.length < ENCRYPT_CBC_FROM && wasmAvailable) return wasmIge(data, key, iv, false);
  return encryptViaCbc(data, key, iv);
}

/** AES-256-IGE decryption. */
export function igeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check(data, key, iv);
  if (data.length === 0) return new Uint8Array(0);
  if (wasmAvailable) return wasmIge(data, key, iv, true);
  return decryptPerBlock(data, key, iv);
}

let scratch = new Int32Array(0);
const SCRATCH_KEEP = 1 << 20;

/** 32-bit words of `bytes`, copied only if its offset is not 4-aligned. */
function words(bytes: Uint8Array): Int32Array {
  if ((bytes.byteOffset & 3) === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const copy = new Uint8Array(bytes);
  return new Int32Array(copy.buffer, 0, bytes.length >> 2);
}

function encryptViaCbc(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
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

/** Without WebAssembly: node's AES one block at a time (slow, ~35 MB/s, but correct). */
function decryptPerBlock(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
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
