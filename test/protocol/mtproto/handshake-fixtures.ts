import { generateKeyPairSync } from 'node:crypto';
import { sha256 } from '../../../src/protocol/crypto/index.js';

/** The fixed clock both handshake suites run on. */
export const NOW = 1_750_000_000_000;

/** Two fresh 2048-bit RSA key pairs per suite: the server's, and a stranger's public key. */
export function useRsaKeys(): { privateKey: string; publicKey: string; strangerPublicKey: string } {
  const keys = { privateKey: '', publicKey: '', strangerPublicKey: '' };
  before(() => {
    const pair = () =>
      generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
    ({ privateKey: keys.privateKey, publicKey: keys.publicKey } = pair());
    keys.strangerPublicKey = pair().publicKey;
  });
  return keys;
}

/** A deterministic random source, different per seed. */
export function seeded(seed: string) {
  let counter = 0;
  return (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) out.set(sha256(Buffer.from(`${seed}:${counter++}`)).subarray(0, Math.min(32, n - at)), at);
    return out;
  };
}
