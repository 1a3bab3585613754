import { createCipheriv, createHash, type Cipher } from 'node:crypto';
import { hex32, readU32, writeU32 } from './bytes.js';
import { TransportError } from './errors.js';
import type { RandomBytes, TransportKind } from './framing.js';

/**
 * Obfuscated2: the whole byte stream under AES-256-CTR, keyed by a 64-byte
 * random init the client sends first. The init carries the protocol tag (and,
 * for MTProxies, the DC id) in bytes 56..63, which travel encrypted.
 */

export type ObfuscatableTransport = Exclude<TransportKind, 'full'>;

export interface ObfuscationOptions {
  /** Written as int16 at bytes 60..61: +10000 for test DCs, negative for media DCs. Default 0 (unspecified). */
  dcId?: number;
  /** MTProxy secret: 16 bytes, or 17 with a leading 0xdd (padded intermediate); keys become SHA256(key + secret). */
  secret?: Uint8Array;
}

export const INIT_LENGTH = 64;
const TAG_OFFSET = 56;
const DC_OFFSET = 60;

const TAGS: Record<ObfuscatableTransport, number> = {
  abridged: 0xefefefef,
  intermediate: 0xeeeeeeee,
  padded: 0xdddddddd,
};

/** First words a server would read as another protocol: HTTP methods, a TLS record, the plain markers. */
const FORBIDDEN_FIRST_WORDS: ReadonlySet<number> = new Set([
  0x44414548, // 'HEAD'
  0x54534f50, // 'POST'
  0x20544547, // 'GET '
  0x4954504f, // 'OPTI'ONS
  0x02010316, // TLS handshake record
  0xdddddddd, // padded intermediate
  0xeeeeeeee, // intermediate
]);

/** Tries before deciding the random source is broken, rather than spinning forever. */
const MAX_DRAWS = 1000;

/** Whether the first 8 bytes of an init could be mistaken for another transport. */
export function isForbiddenInit(init: Uint8Array): boolean {
  return init[0] === 0xef || FORBIDDEN_FIRST_WORDS.has(readU32(init, 0)) || readU32(init, 4) === 0; // 0: full's first seq
}

/** The two AES-256-CTR streams of one end; each keeps its counter across calls, as the protocol requires. */
export class Obfuscation {
  private readonly encryptor: Cipher;
  private readonly decryptor: Cipher;

  constructor(encryptKey: Uint8Array, encryptIv: Uint8Array, decryptKey: Uint8Array, decryptIv: Uint8Array) {
    this.encryptor = createCipheriv('aes-256-ctr', encryptKey, encryptIv);
    this.decryptor = createCipheriv('aes-256-ctr', decryptKey, decryptIv);
  }

  encrypt(bytes: Uint8Array): Uint8Array {
    return this.encryptor.update(bytes);
  }

  decrypt(bytes: Uint8Array): Uint8Array {
    return this.decryptor.update(bytes);
  }
}

/**
 * Client: draws an init (redrawing any that starts like another protocol), and
 * returns the 64 bytes to send with the encryptor already past them.
 */
export function createInit(
  transport: ObfuscatableTransport,
  options: ObfuscationOptions,
  random: RandomBytes,
): { header: Uint8Array; obfuscation: Obfuscation } {
  const init = new Uint8Array(INIT_LENGTH);
  for (let draws = 0; ; draws++) {
    if (draws === MAX_DRAWS) {
      throw new TransportError('bad-random', `obfuscated2: ${MAX_DRAWS} random inits in a row began like another protocol`);
    }
    const drawn = random(INIT_LENGTH);
    if (drawn.length < INIT_LENGTH) {
      throw new TransportError('bad-random', `obfuscated2: asked for ${INIT_LENGTH} random bytes, got ${drawn.length}`, drawn.length, INIT_LENGTH);
    }
    init.set(drawn.subarray(0, INIT_LENGTH));
    if (!isForbiddenInit(init)) break;
  }
  writeU32(init, TAG_OFFSET, TAGS[transport]);
  writeI16(init, DC_OFFSET, dcIdOf(options));
  const keys = deriveKeys(init, options.secret);
  const obfuscation = new Obfuscation(keys.forwardKey, keys.forwardIv, keys.backwardKey, keys.backwardIv);
  // The init goes through the encryptor too; only its tail is sent encrypted.
  const encrypted = obfuscation.encrypt(init);
  init.set(encrypted.subarray(TAG_OFFSET), TAG_OFFSET);
  return { header: init, obfuscation };
}

/** Server: reads a client's init, answering the transport its tag names, the DC id and the server's streams. */
export function acceptInit(
  init: Uint8Array,
  secret?: Uint8Array,
): { transport: ObfuscatableTransport; dcId: number; obfuscation: Obfuscation } {
  const keys = deriveKeys(init.subarray(0, INIT_LENGTH), secret);
  // The server decrypts with the client's encryption key, and encrypts with the reversed one.
  const obfuscation = new Obfuscation(keys.backwardKey, keys.backwardIv, keys.forwardKey, keys.forwardIv);
  const plain = obfuscation.decrypt(init.subarray(0, INIT_LENGTH));
  const tag = readU32(plain, TAG_OFFSET);
  const transport = transportOfTag(tag);
  if (!transport) {
    throw new TransportError(
      'bad-init',
      `obfuscated2: unknown protocol tag ${hex32(tag)} in the init${secret ? ' (is the MTProxy secret right?)' : ''}`,
      tag,
    );
  }
  const dcId = (plain[DC_OFFSET] | (plain[DC_OFFSET + 1] << 8)) << 16 >> 16;
  return { transport, dcId, obfuscation };
}

function transportOfTag(tag: number): ObfuscatableTransport | undefined {
  for (const kind of Object.keys(TAGS) as ObfuscatableTransport[]) if (TAGS[kind] === tag) return kind;
  return undefined;
}

/** Keys and IVs from bytes 8..55 of the init (forward) and of the init reversed (backward). */
function deriveKeys(init: Uint8Array, secret: Uint8Array | undefined) {
  const reversed = Uint8Array.from(init).reverse(); // a copy: Buffer#slice would be a view, and reverse() would scramble the caller's bytes
  const key = (k: Uint8Array) => (secret ? sha256(k, proxySecret(secret)) : k);
  return {
    forwardKey: key(init.subarray(8, 40)),
    forwardIv: init.subarray(40, 56),
    backwardKey: key(reversed.subarray(8, 40)),
    backwardIv: reversed.subarray(40, 56),
  };
}

/** A 17-byte secret names the transport in its first byte; only 0xdd (padded intermediate) is plain obfuscated2. */
function proxySecret(secret: Uint8Array): Uint8Array {
  if (secret.length === 16) return secret;
  if (secret.length === 17 && secret[0] === 0xdd) return secret.subarray(1);
  throw new TransportError(
    'unsupported',
    `obfuscated2: an MTProxy secret is 16 bytes, or 17 starting with 0xdd; got ${secret.length} bytes` +
      (secret[0] === 0xee ? ' starting with 0xee (fake-TLS, not supported)' : ''),
    secret.length,
  );
}

function sha256(a: Uint8Array, b: Uint8Array): Uint8Array {
  return createHash('sha256').update(a).update(b).digest();
}

function dcIdOf(options: ObfuscationOptions): number {
  const dcId = options.dcId ?? 0;
  if (!Number.isInteger(dcId) || dcId < -0x8000 || dcId > 0x7fff) {
    throw new RangeError(`obfuscated2: dcId must be an int16, got ${dcId}`);
  }
  return dcId;
}

function writeI16(b: Uint8Array, at: number, v: number): void {
  b[at] = v;
  b[at + 1] = v >>> 8;
}
