/** AES-256-CTR as a stream, for the obfuscated transports (one per direction). */
import { createCipheriv, type Cipher } from 'node:crypto';
import { expectBytes } from './bytes.js';

export class AesCtr {
  private readonly cipher: Cipher;

  /** `key` 32 bytes, `iv` the 16-byte initial counter block. */
  constructor(key: Uint8Array, iv: Uint8Array) {
    expectBytes('key', key, 32);
    expectBytes('iv', iv, 16);
    this.cipher = createCipheriv('aes-256-ctr', key, iv);
  }

  /**
   * Encrypts or decrypts (the same in CTR) the next bytes of the stream. Any
   * length: the keystream position carries over between calls.
   */
  update(data: Uint8Array): Uint8Array {
    expectBytes('data', data);
    const out = this.cipher.update(data);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }
}
