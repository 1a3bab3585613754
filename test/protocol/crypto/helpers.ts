/** Shared by the crypto tests: hex, deterministic pseudo-random bytes, and independent references built on node's AES. */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

/** Deterministic bytes (SHA-256 in counter mode over a seed), so failures replay. */
export function seeded(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const block = createHash('sha256').update(`${seed}/${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  };
}

/**
 * IGE written straight from its definition over node's ECB, block by block:
 * the reference the fast paths are compared with. `cipher` is the ECB name
 * ('aes-128-ecb' for OpenSSL's published vectors, 'aes-256-ecb' for MTProto).
 */
export function referenceIge(cipher: string, data: Uint8Array, key: Uint8Array, iv: Uint8Array, decrypt: boolean): Uint8Array {
  const ecb = (decrypt ? createDecipheriv : createCipheriv)(cipher, key, null).setAutoPadding(false);
  const out = new Uint8Array(data.length);
  // Encrypt: c_i = E(m_i ^ c_{i-1}) ^ m_{i-1}. Decrypt: m_i = D(c_i ^ m_{i-1}) ^ c_{i-1}.
  // "before" is XORed into the input (the other stream's previous block), "after" into the output.
  let before = iv.subarray(decrypt ? 16 : 0, decrypt ? 32 : 16);
  let after = iv.subarray(decrypt ? 0 : 16, decrypt ? 16 : 32);
  for (let i = 0; i < data.length; i += 16) {
    const input = data.subarray(i, i + 16);
    const x = new Uint8Array(16);
    for (let j = 0; j < 16; j++) x[j] = input[j] ^ before[j];
    const y = ecb.update(x);
    for (let j = 0; j < 16; j++) out[i + j] = y[j] ^ after[j];
    before = out.subarray(i, i + 16);
    after = input;
  }
  return out;
}

export interface MtcuteWasm {
  ige256Encrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array;
  ige256Decrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
}

/** mtcute's WebAssembly crypto (@mtcute/wasm), initialised once. */
export async function mtcuteWasm(): Promise<MtcuteWasm> {
  const mod = (await import('@mtcute/wasm')) as unknown as MtcuteWasm & { initSync(m: Uint8Array): void; getWasmUrl(): URL };
  mod.initSync(readFileSync(mod.getWasmUrl()));
  return mod;
}
