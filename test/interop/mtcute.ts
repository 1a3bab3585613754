/**
 * mtcute (`@mtcute/core` 0.30.3) pointed at the emulator. Its bundled TL is
 * layer 227 (the separate `@mtcute/tl` 223.0.0 the schema cross-checks use is
 * not what @mtcute/core speaks).
 *
 * @mtcute/core is platform-agnostic: a client needs a crypto provider, a
 * platform, a storage and a transport. `@mtcute/node` bundles Node ones but
 * pulls a native SQLite build, so this file gives the thin equivalents:
 * - crypto: node:crypto for hashes, HMAC, PBKDF2, AES-CTR and randomness;
 *   mtcute's own WASM (`@mtcute/wasm`) for AES-IGE and gzip, as its web
 *   provider does; factorisation from mtcute's BaseCryptoProvider;
 * - transport: `connectTcp` from `@fuman/node` (what @mtcute/node uses)
 *   with mtcute's own packet codecs (intermediate, padded intermediate, and
 *   obfuscated2 around either: mtcute has no abridged or full codec);
 * - storage: mtcute's MemoryStorage; platform: silent, no process hooks.
 * The emulator's RSA key is added to mtcute's key index with its own
 * `addPublicKey` (which fingerprints the PEM itself).
 */
import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connectTcp } from '@fuman/node';
import { IntermediatePacketCodec, MemoryStorage, ObfuscatedPacketCodec, PaddedIntermediatePacketCodec } from '@mtcute/core';
import type { IPacketCodec, TelegramTransport, ICorePlatform } from '@mtcute/core';
import { BaseTelegramClient } from '@mtcute/core/client.js';
import { addPublicKey, BaseCryptoProvider } from '@mtcute/core/utils.js';
import type { BasicDcOption, IAesCtr, ICryptoProvider, IEncryptionScheme } from '@mtcute/core/utils.js';
import { deflateMaxSize, gunzip, ige256Decrypt, ige256Encrypt, initSync } from '@mtcute/wasm';
import type { Emulator } from '../../src/emulator/index.js';

/** node:crypto plus mtcute's WASM: the Node crypto provider @mtcute/node would give, without its native parts. */
export class InteropCryptoProvider extends BaseCryptoProvider implements ICryptoProvider {
  private static wasmReady = false;

  initialize(): void {
    if (InteropCryptoProvider.wasmReady) return;
    initSync(readFileSync(fileURLToPath(import.meta.resolve('@mtcute/wasm/mtcute.wasm'))));
    InteropCryptoProvider.wasmReady = true;
  }

  sha1(data: Uint8Array): Uint8Array {
    return createHash('sha1').update(data).digest();
  }

  sha256(data: Uint8Array): Uint8Array {
    return createHash('sha256').update(data).digest();
  }

  pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, keylen = 64, algo = 'sha512'): Uint8Array {
    return pbkdf2Sync(password, salt, iterations, keylen, algo);
  }

  hmacSha256(data: Uint8Array, key: Uint8Array): Uint8Array {
    return createHmac('sha256', key).update(data).digest();
  }

  createAesCtr(key: Uint8Array, iv: Uint8Array): IAesCtr {
    const cipher = createCipheriv('aes-256-ctr', key, iv);
    return { process: (data) => cipher.update(data) };
  }

  createAesIge(key: Uint8Array, iv: Uint8Array): IEncryptionScheme {
    return {
      encrypt: (data) => ige256Encrypt(data, key, iv),
      decrypt: (data) => ige256Decrypt(data, key, iv),
    };
  }

  gzip(data: Uint8Array, maxSize: number): Uint8Array | null {
    return deflateMaxSize(data, maxSize);
  }

  gunzip(data: Uint8Array): Uint8Array {
    return gunzip(data);
  }

  randomFill(buf: Uint8Array): void {
    randomFillSync(buf);
  }
}

/** mtcute's transports: its codecs over a plain node:net TCP connection. */
export const TRANSPORTS = {
  intermediate: () => new IntermediatePacketCodec(),
  'padded intermediate': () => new PaddedIntermediatePacketCodec(),
  'obfuscated intermediate': () => new ObfuscatedPacketCodec(new IntermediatePacketCodec()),
  'obfuscated padded intermediate': () => new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec()),
} as const satisfies Record<string, () => IPacketCodec>;
export type MtcuteTransport = keyof typeof TRANSPORTS;

function tcpTransport(codec: () => IPacketCodec): TelegramTransport {
  return {
    connect: (dc: BasicDcOption) => connectTcp({ address: dc.ipAddress, port: dc.port }),
    packetCodec: () => codec(),
  };
}

/** One line mtcute logged: its level, tag, format string and arguments, unformatted. */
export interface LogEntry {
  level: number;
  tag: string;
  fmt: string;
  args: unknown[];
}

/**
 * A silent platform with no process hooks. `log` collects what mtcute logs
 * (when the client is given a log level); MTCUTE_LOG=1..5 also prints it.
 */
function platform(log: LogEntry[]): ICorePlatform {
  return {
    beforeExit: () => () => {},
    log: (_color, level, tag, fmt, args) => {
      log.push({ level, tag, fmt, args });
      if (process.env.MTCUTE_LOG) console.error(`[mtcute ${level}] ${tag} ${fmt}`, ...args);
    },
    getDefaultLogLevel: () => null,
    getDeviceModel: () => 'interop',
  };
}

/**
 * Makes mtcute trust the emulator's RSA key. An `old` key is one mtcute
 * encrypts p_q_inner_data_dc to with plain RSA (sha1 + data + random) instead
 * of RSA_PAD. mtcute's key index is global: calling again replaces the entry.
 */
export function trustEmulatorKey(emulator: Emulator, crypto: ICryptoProvider, old = false): void {
  addPublicKey(crypto, emulator.publicKeyPem, old);
}

export interface MtcutePeer {
  client: BaseTelegramClient;
  /** The client's storage, where it keeps the auth key it made. */
  storage: MemoryStorage;
  /** What mtcute logged, at debug level and below. */
  log: LogEntry[];
}

/** A BaseTelegramClient whose primary DC is `dcId` of the emulator: no updates loop; mtcute's own reconnection. */
export function mtcuteClient(emulator: Emulator, transport: MtcuteTransport, crypto: ICryptoProvider, dcId = 2): MtcutePeer {
  const dc = emulator.dcs.find((d) => d.id === dcId)!;
  const option: BasicDcOption = { id: dc.id, ipAddress: dc.host, port: dc.port };
  const storage = new MemoryStorage();
  const log: LogEntry[] = [];
  const client = new BaseTelegramClient({
    apiId: 1,
    apiHash: 'emulator',
    storage,
    crypto,
    platform: platform(log),
    transport: tcpTransport(TRANSPORTS[transport]),
    defaultDcs: { main: option, media: option },
    updates: false,
    logLevel: process.env.MTCUTE_LOG ? Number(process.env.MTCUTE_LOG) : 4,
  });
  return { client, storage, log };
}

const ERROR = 1;

/**
 * mtcute's own one-in-256 handshake failures, each followed by a fresh
 * handshake on a new connection that succeeds:
 * - its auth key is `bigint.toBytes(g_ab)` with no length, 255 bytes when the
 *   key starts with a zero byte, so new_nonce_hash1 does not match ("Step 4:
 *   invalid nonce hash from server");
 * - with an old key its legacy RSA result is `bigint.toBytes(c)` with no
 *   length, 255 bytes when c < 2^2040, which the emulator refuses ("encrypted_data
 *   must be 256 bytes") by closing the connection ("Connection closed"); mtcute's
 *   next handshake then loses the server's resPQ ("Request timed out after 5000ms")
 *   and the one after succeeds.
 * Any other error mtcute logs fails the test.
 */
export function unexpectedErrors(log: LogEntry[]): string[] {
  const retried = /Step 4: invalid nonce hash from server|Connection closed|Request timed out after 5000ms/;
  return log
    .filter((e) => e.level <= ERROR)
    .filter((e) => {
      if (e.fmt.includes('Authorization error:')) return !retried.test(e.fmt);
      if (e.fmt.includes('unhandled error:')) return !(e.args[0] instanceof Error && retried.test(e.args[0].message));
      return true;
    })
    .map((e) => `${e.fmt} ${e.args.map(String).join(' ')}`);
}
