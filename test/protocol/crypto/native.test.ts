import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { igeEncryptInPlace } from '../../../src/protocol/crypto/ige.js';
import { nativeAes, nativeAesStatus } from '../../../src/protocol/crypto/native.js';
import { wasmIge } from '../../../src/protocol/crypto/wasm.js';
import { referenceIge, seeded, toHex } from './helpers.js';

const cpuHasAes = process.platform === 'linux' && /^flags\s*:.*\baes\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));

describe('crypto: the AES-NI addon and its fallback', () => {
  it('is built by the install step and used, on an x86-64 Linux CPU with AES instructions', function () {
    if (!cpuHasAes || process.arch !== 'x64' || process.env.LAYER_NATIVE === '0') this.skip();
    expect(nativeAesStatus).to.equal('AES-NI');
    expect(nativeAes).to.not.equal(undefined);
  });

  it('matches the reference both ways, in place and over unaligned views', function () {
    if (!nativeAes) this.skip();
    const random = seeded('native ige');
    for (const size of [16, 32, 48, 1024, 65536 + 48, 1 << 20]) {
      const key = random(32);
      const iv = random(32);
      const backing = random(size + 3);
      const data = backing.subarray(3);
      for (const decrypt of [false, true]) {
        const out = new Uint8Array(size);
        nativeAes.ige(decrypt, data, key, iv, out);
        expect(toHex(out), `${decrypt ? 'decrypt' : 'encrypt'} ${size}`).to.equal(toHex(referenceIge('aes-256-ecb', data, key, iv, decrypt)));
      }
      const copy = data.slice();
      nativeAes.ige(true, copy, key, iv, copy);
      expect(toHex(copy)).to.equal(toHex(referenceIge('aes-256-ecb', data, key, iv, true)));
      const sealed = data.slice();
      expect(igeEncryptInPlace(sealed, key, iv)).to.equal(sealed);
      expect(toHex(sealed)).to.equal(toHex(referenceIge('aes-256-ecb', data, key, iv, false)));
    }
  });

  it('refuses bad arguments with a TypeError, touching no memory outside them', function () {
    if (!nativeAes) this.skip();
    const { ige } = nativeAes;
    const b = (n: number) => new Uint8Array(n);
    const bad: [string, () => void][] = [
      ['a short key', () => ige(false, b(16), b(31), b(32), b(16))],
      ['a long iv', () => ige(false, b(16), b(32), b(33), b(16))],
      ['a partial block', () => ige(false, b(17), b(32), b(32), b(17))],
      ['a short out', () => ige(true, b(32), b(32), b(32), b(16))],
      ['a Uint16Array', () => ige(true, new Uint16Array(8) as unknown as Uint8Array, b(32), b(32), b(16))],
      ['a string', () => ige(true, 'sixteen bytes!!!' as unknown as Uint8Array, b(32), b(32), b(16))],
      ['four arguments', () => (ige as unknown as (...a: unknown[]) => void)(true, b(16), b(32), b(32))],
      ['no boolean', () => ige(1 as unknown as boolean, b(16), b(32), b(32), b(16))],
    ];
    for (const [what, call] of bad) expect(call, what).to.throw(TypeError).with.property('code', 'ERR_LAYER_NATIVE_ARGS');
  });

  it('leaves the WebAssembly kernel, the fallback, matching the reference', () => {
    const random = seeded('wasm fallback');
    for (const size of [16, 1024, 65536 + 48]) {
      const data = random(size);
      const key = random(32);
      const iv = random(32);
      for (const decrypt of [false, true]) {
        expect(toHex(wasmIge(data, key, iv, decrypt)), `${decrypt} ${size}`).to.equal(toHex(referenceIge('aes-256-ecb', data, key, iv, decrypt)));
      }
    }
  });

  it('with LAYER_NATIVE=0, says so and still encrypts and decrypts right', () => {
    const crypto = fileURLToPath(new URL('../../../src/protocol/crypto/index.js', import.meta.url));
    const native = fileURLToPath(new URL('../../../src/protocol/crypto/native.js', import.meta.url));
    const ige = fileURLToPath(new URL('../../../src/protocol/crypto/ige.js', import.meta.url));
    const script = `
      const { igeEncrypt, igeDecrypt } = await import(${JSON.stringify(crypto)});
      const { igeEncryptInPlace } = await import(${JSON.stringify(ige)});
      const { nativeAes, nativeAesStatus } = await import(${JSON.stringify(native)});
      const key = new Uint8Array(32).fill(7), iv = new Uint8Array(32).fill(9), data = new Uint8Array(4096).map((_, i) => i);
      const c = igeEncrypt(data, key, iv);
      const over = data.slice(), small = data.slice(0, 64);
      const same = igeEncryptInPlace(over, key, iv) === over && Buffer.from(over).equals(c) && Buffer.from(igeEncryptInPlace(small, key, iv)).equals(igeEncrypt(data.subarray(0, 64), key, iv));
      console.log(JSON.stringify({ status: nativeAesStatus, loaded: nativeAes !== undefined, cipher: Buffer.from(c).toString('hex'), back: Buffer.from(igeDecrypt(c, key, iv)).equals(data), inPlace: same }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, LAYER_NATIVE: '0' } }).toString());
    expect(out.status).to.equal('off (LAYER_NATIVE=0)');
    expect(out.loaded).to.equal(false);
    expect(out.back).to.equal(true);
    expect(out.inPlace, 'igeEncryptInPlace on both fallback routes').to.equal(true);
    const data = new Uint8Array(4096).map((_, i) => i);
    expect(out.cipher).to.equal(toHex(referenceIge('aes-256-ecb', data, new Uint8Array(32).fill(7), new Uint8Array(32).fill(9), false)));
  });
});
