/**
 * RSA as the handshake uses it (core.telegram.org/mtproto/auth_key): key
 * fingerprints, RSA_PAD (req_DH_params since 2021) and the legacy
 * SHA1-and-padding scheme, with the server-side inverses for the emulator.
 * "RSA" here is the raw operation x^e mod n on 256 big-endian bytes, which
 * node runs natively with RSA_NO_PADDING.
 */
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { TlWriter } from '../../schema/index.js';
import { CryptoInputError, SecurityError } from '../errors.js';
import { bytesToBigint, expectBytes } from './bytes.js';
import { randomBytes, sha1, sha256 } from './hash.js';
import { igeDecrypt, igeEncrypt } from './ige.js';

/** A source of random bytes; injected so the handshake can be replayed. */
export type RandomSource = (n: number) => Uint8Array;

const SIZE = 256;
const RSA_PAD_DATA_MAX = 144;
const PADDED = 192;
const LEGACY_PADDED = 255;
const ZERO_IV = new Uint8Array(32);

interface PublicKey {
  key: KeyObject;
  n: Uint8Array;
  e: Uint8Array;
  modulus: bigint;
}

const publicKeys = new Map<string, PublicKey>();
const privateKeys = new Map<string, KeyObject>();

/** Parses (and remembers) an RSA public key: PKCS#1 "RSA PUBLIC KEY" or SPKI "PUBLIC KEY" PEM. */
function publicKey(pem: string): PublicKey {
  let parsed = publicKeys.get(pem);
  if (parsed) return parsed;
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new CryptoInputError('pem', `not an RSA public key PEM: ${(e as Error).message}`);
  }
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new CryptoInputError('pem', `expected an RSA key, got ${jwk.kty}`);
  const n = Uint8Array.from(Buffer.from(jwk.n, 'base64url'));
  parsed = { key, n, e: Uint8Array.from(Buffer.from(jwk.e, 'base64url')), modulus: bytesToBigint(n) };
  if (publicKeys.size > 64) publicKeys.clear();
  publicKeys.set(pem, parsed);
  return parsed;
}

function privateKey(pem: string): KeyObject {
  let key = privateKeys.get(pem);
  if (!key) {
    try {
      key = createPrivateKey(pem);
    } catch (e) {
      throw new CryptoInputError('privateKeyPem', `not an RSA private key PEM: ${(e as Error).message}`);
    }
    if (privateKeys.size > 64) privateKeys.clear();
    privateKeys.set(pem, key);
  }
  return key;
}

function expect2048(pk: PublicKey): void {
  if (pk.n.length !== SIZE) {
    throw new CryptoInputError('pem', `MTProto RSA needs a 2048-bit key, got ${pk.n.length * 8} bits`, pk.n.length * 8, 2048);
  }
}

/**
 * The key's fingerprint as Telegram sends it in resPQ: the lower 64 bits of
 * SHA1 of the bare TL serialization `rsa_public_key n:string e:string`
 * (big-endian n and e), i.e. its last 8 bytes read as a little-endian signed long.
 */
export function rsaFingerprint(pem: string): bigint {
  const { n, e } = publicKey(pem);
  const w = new TlWriter(SIZE + 16);
  w.bytes(n);
  w.bytes(e);
  const h = sha1(w.result());
  return new DataView(h.buffer, h.byteOffset + 12, 8).getBigInt64(0, true);
}

function rawEncrypt(pk: PublicKey, block: Uint8Array): Uint8Array {
  const out = publicEncrypt({ key: pk.key, padding: constants.RSA_NO_PADDING }, block);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function rawDecrypt(encrypted: Uint8Array, privateKeyPem: string, check: string): Uint8Array {
  expectBytes('encrypted', encrypted, SIZE);
  const key = privateKey(privateKeyPem);
  let out: Buffer;
  try {
    out = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, encrypted);
  } catch (e) {
    throw new SecurityError(check, `RSA decryption failed: ${(e as Error).message}`);
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * RSA_PAD(data, server_public_key), step 4.1 of the handshake:
 *   data_with_padding := data + random bytes, 192 bytes in all (data at most 144)
 *   data_pad_reversed := BYTE_REVERSE(data_with_padding)
 *   temp_key          := 32 random bytes
 *   data_with_hash    := data_pad_reversed + SHA256(temp_key + data_with_padding)    224 bytes
 *   aes_encrypted     := AES256_IGE(data_with_hash, temp_key, zero IV)
 *   temp_key_xor      := temp_key XOR SHA256(aes_encrypted)
 *   key_aes_encrypted := temp_key_xor + aes_encrypted                                256 bytes
 *   if key_aes_encrypted >= modulus, start again from temp_key
 *   encrypted_data    := key_aes_encrypted ^ e mod n, 256 big-endian bytes
 * Random bytes are drawn in that order: padding, then temp_key (per attempt).
 */
export function rsaPadEncrypt(data: Uint8Array, pem: string, random: RandomSource = randomBytes): Uint8Array {
  expectBytes('data', data);
  if (data.length > RSA_PAD_DATA_MAX) {
    throw new CryptoInputError('data', `RSA_PAD takes at most ${RSA_PAD_DATA_MAX} bytes, got ${data.length}`, data.length, RSA_PAD_DATA_MAX);
  }
  const pk = publicKey(pem);
  expect2048(pk);
  const padded = new Uint8Array(PADDED);
  padded.set(data);
  padded.set(randomChecked(random, PADDED - data.length), data.length);
  const withHash = new Uint8Array(PADDED + 32);
  withHash.set(padded.slice().reverse());
  for (;;) {
    const tempKey = randomChecked(random, 32);
    withHash.set(sha256(tempKey, padded), PADDED);
    const aesEncrypted = igeEncrypt(withHash, tempKey, ZERO_IV);
    const mask = sha256(aesEncrypted);
    const block = new Uint8Array(SIZE);
    for (let i = 0; i < 32; i++) block[i] = tempKey[i] ^ mask[i];
    block.set(aesEncrypted, 32);
    if (bytesToBigint(block) < pk.modulus) return rawEncrypt(pk, block);
  }
}

/**
 * The server side of RSA_PAD: recovers data_with_padding (192 bytes: the TL
 * object, then the random padding) and checks its SHA256. SecurityError if the
 * block was not made by RSA_PAD under this key.
 */
export function rsaPadDecrypt(encrypted: Uint8Array, privateKeyPem: string): Uint8Array {
  const block = rawDecrypt(encrypted, privateKeyPem, 'rsa-pad');
  const aesEncrypted = block.subarray(32);
  const mask = sha256(aesEncrypted);
  const tempKey = new Uint8Array(32);
  for (let i = 0; i < 32; i++) tempKey[i] = block[i] ^ mask[i];
  const withHash = igeDecrypt(aesEncrypted, tempKey, ZERO_IV);
  const padded = withHash.slice(0, PADDED).reverse();
  if (!timingSafeEqual(sha256(tempKey, padded), withHash.subarray(PADDED))) {
    throw new SecurityError('rsa-pad', 'the SHA256 inside RSA_PAD does not match');
  }
  return padded;
}

/**
 * The scheme RSA_PAD replaced, still accepted by servers and used by older
 * clients: SHA1(data) + data + random padding to 255 bytes, raw RSA.
 * data at most 235 bytes.
 */
export function rsaEncryptLegacy(data: Uint8Array, pem: string, random: RandomSource = randomBytes): Uint8Array {
  expectBytes('data', data);
  const max = LEGACY_PADDED - 20;
  if (data.length > max) throw new CryptoInputError('data', `takes at most ${max} bytes, got ${data.length}`, data.length, max);
  const pk = publicKey(pem);
  expect2048(pk);
  // 255 bytes after a zero byte: always below a 2048-bit modulus.
  const block = new Uint8Array(SIZE);
  block.set(sha1(data), 1);
  block.set(data, 21);
  block.set(randomChecked(random, max - data.length), 21 + data.length);
  return rawEncrypt(pk, block);
}

/**
 * The server side of the legacy scheme. The data length is not sent, so the
 * data is the prefix (a whole number of 4-byte TL words) whose SHA1 is the one
 * in front: at most 59 candidates, and a false match is a SHA1 collision.
 */
export function rsaDecryptLegacy(encrypted: Uint8Array, privateKeyPem: string): Uint8Array {
  const block = rawDecrypt(encrypted, privateKeyPem, 'rsa-legacy');
  if (block[0] !== 0) throw new SecurityError('rsa-legacy', 'the decrypted block is not 255 bytes');
  const hash = block.subarray(1, 21);
  const rest = block.subarray(21);
  for (let n = 0; n <= rest.length; n += 4) {
    if (timingSafeEqual(sha1(rest.subarray(0, n)), hash)) return rest.slice(0, n);
  }
  throw new SecurityError('rsa-legacy', 'no prefix of the data matches its SHA1');
}

function randomChecked(random: RandomSource, n: number): Uint8Array {
  const bytes = random(n);
  expectBytes('random(n)', bytes, n);
  return bytes;
}
