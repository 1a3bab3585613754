/**
 * The CDN DC's own RSA key: Telegram's CDN DCs have keys of their own, which
 * clients learn from help.getCdnConfig (they are not built into the apps).
 */
import { generateKeyPairSync } from 'node:crypto';
import { rsaFingerprint } from '../protocol/crypto/index.js';

export { CDN_DC_ID } from './world/cdn-files.js';

export interface CdnRsaKey {
  publicKeyPem: string;
  privateKeyPem: string;
  fingerprint: bigint;
}

let processCdnKey: CdnRsaKey | undefined;

/** A 2048-bit key, made once per process (it takes a moment); fingerprints starting with a 0 hex digit are skipped, as for the main key. */
export function cdnRsaKey(): CdnRsaKey {
  while (!processCdnKey) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicExponent: 65537,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const fingerprint = rsaFingerprint(publicKey);
    if (BigInt.asUintN(64, fingerprint).toString(16).padStart(16, '0').startsWith('0')) continue;
    processCdnKey = { publicKeyPem: publicKey, privateKeyPem: privateKey, fingerprint };
  }
  return processCdnKey;
}
