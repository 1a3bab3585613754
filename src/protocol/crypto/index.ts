/**
 * The cryptography of MTProto 2.0: AES-256-IGE and -CTR, hashes, RSA for the
 * handshake, pq factorisation, DH checks, message keys, and 2FA SRP.
 * node:crypto underneath; the hand-made parts are AES-IGE on AES-NI in a C
 * addon (native.ts), and two WebAssembly kernels, AES-IGE (the fallback) and
 * one-block SHA-256, emitted from TypeScript (see ige.ts and sha256-kernel.ts
 * for why, and for the measurements).
 */
export { igeEncrypt, igeDecrypt } from './ige.js';
export { nativeAesStatus } from './native.js';
export { AesCtr } from './ctr.js';
export { sha1, sha256, randomBytes, randomLong } from './hash.js';
export { rsaFingerprint, rsaPadEncrypt, rsaPadDecrypt, rsaEncryptLegacy, rsaDecryptLegacy, type RandomSource } from './rsa.js';
export { factorize } from './factorize.js';
export { checkDhPrime, checkDhValue, isSafePrime, TELEGRAM_DH_PRIME } from './dh.js';
export { modPow } from './modpow.js';
export { bigintToBytes, bytesToBigint } from './bytes.js';
export { messageKeys, msgKey, authKeyId } from './message-keys.js';
export { passwordCheck, srpVerifier, srpServer, type SrpAlgo, type SrpServer } from './srp.js';
export { SecurityError, CryptoInputError } from '../errors.js';
