import { generateKeyPairSync } from 'node:crypto';
import { rsaFingerprint } from '../protocol/crypto/index.js';

export interface RsaKey {
  publicKeyPem: string;
  privateKeyPem: string;
  fingerprint: bigint;
}

/**
 * A fresh 2048-bit RSA key. Keys whose fingerprint starts with a 0 hex digit
 * are skipped: some clients compare fingerprints as unpadded hex.
 */
export function newRsaKey(): RsaKey {
  for (;;) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicExponent: 65537,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const fingerprint = rsaFingerprint(publicKey);
    if (!BigInt.asUintN(64, fingerprint).toString(16).padStart(16, '0').startsWith('0')) return { publicKeyPem: publicKey, privateKeyPem: privateKey, fingerprint };
  }
}
