import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { igeDecrypt, igeEncrypt, sha256 } from '../../../src/protocol/crypto/index.js';
import { emitModule, Code, sleb, uleb } from '../../../src/protocol/crypto/wasm-emit.js';
import { WASM_SHA256_MAX, wasmSha256 } from '../../../src/protocol/crypto/wasm.js';
import { referenceIge, seeded, toHex } from './helpers.js';

describe('crypto: the WebAssembly module', () => {
  it('hashes every length across the block boundaries like node, in one part or several', () => {
    const random = seeded('wasm sha256');
    const data = random(WASM_SHA256_MAX);
    const lengths = [...Array.from({ length: 300 }, (_, n) => n), 1000, 4000, WASM_SHA256_MAX];
    for (const n of lengths) {
      const input = data.subarray(0, n);
      const expected = createHash('sha256').update(input).digest('hex');
      expect(toHex(wasmSha256([input])), `length ${n}`).to.equal(expected);
      expect(toHex(wasmSha256([input.subarray(0, n >> 1), input.subarray(n >> 1)])), `length ${n} in 2 parts`).to.equal(expected);
    }
    // The public sha256 takes this route for short inputs.
    expect(toHex(sha256(data.subarray(0, 20), data.subarray(20, 52)))).to.equal(createHash('sha256').update(data.subarray(0, 52)).digest('hex'));
  });

  it('grows its memory for a long chain and keeps working for short ones after', () => {
    const random = seeded('wasm grow');
    const key = random(32);
    const iv = random(32);
    for (const size of [16, (3 << 20) + 16, 32]) {
      const data = random(size);
      const expected = size > 4096 ? undefined : referenceIge('aes-256-ecb', data, key, iv, true);
      const plain = igeDecrypt(data, key, iv);
      if (expected) expect(plain).to.deep.equal(expected);
      expect(igeEncrypt(plain, key, iv)).to.deep.equal(data);
    }
  });

  it('emits LEB128 integers and a module WebAssembly accepts', () => {
    expect(uleb(0)).to.deep.equal([0]);
    expect(uleb(624485)).to.deep.equal([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).to.deep.equal([0x7f]);
    expect(sleb(-123456)).to.deep.equal([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).to.deep.equal([0xc0, 0x00]);
    expect(sleb(0xff000000 | 0)).to.deep.equal([0x80, 0x80, 0x80, 0x78]);
    const bytes = emitModule(1, [{ name: 'f', params: 1, locals: 1, body: new Code().get(0).set(1) }]);
    expect((globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate(bytes)).to.equal(true);
  });
});
