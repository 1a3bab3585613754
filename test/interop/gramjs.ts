/**
 * GramJS (`telegram` 2.26.22, TL layer 198) pointed at the emulator.
 *
 * Some things in GramJS are fixed to production Telegram, and this helper
 * bends them for a test, without touching GramJS's protocol code:
 * - its RSA key table (`crypto/RSA._serverKeys`, keyed by the signed decimal
 *   fingerprint) gets the emulator's key, parsed from its PEM;
 * - `TelegramClient.connect()` dials port 80 (443 for WSS) whatever port the
 *   session holds, so each connection class is wrapped to dial the session's
 *   port instead;
 * - `connect()` sends invokeWithLayer(initConnection(help.getConfig)) but
 *   drops the answer, so the client's sender is watched to keep that promise;
 * - the session is a MemorySession: StringSession.save() writes the port with
 *   writeInt16BE and throws for the emulator's ephemeral ports (> 32767).
 */
import { createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import type { TelegramClient as GramClient } from 'telegram';
import type { Api as GramApi } from 'telegram';
import type { Emulator } from '../../src/emulator/index.js';

const require = createRequire(import.meta.url);
// GramJS is CommonJS; its internals are reached through require().
const telegram = require('telegram') as typeof import('telegram');
const { MemorySession } = require('telegram/sessions') as typeof import('telegram/sessions/index.js');
const connections = require('telegram/network/connection') as typeof import('telegram/network/connection/index.js');
const { Logger, LogLevel } = require('telegram/extensions/Logger') as typeof import('telegram/extensions/Logger.js');
const RSA = require('telegram/crypto/RSA') as { _serverKeys: Map<string, { n: unknown; e: number }> };
// The big-integer copy GramJS itself uses.
const bigInt = createRequire(require.resolve('telegram'))('big-integer') as (value: string, base?: number) => unknown;

export const Api = telegram.Api;
export type Config = GramApi.Config;

/** The GramJS connection classes, by the name of the transport they speak. */
export const TRANSPORTS = {
  /** Full: length, seqno, payload, CRC32; no tag. */
  full: connections.ConnectionTCPFull,
  /** Abridged: 0xef tag, then 1- or 4-byte lengths in words. */
  abridged: connections.ConnectionTCPAbridged,
  /** Obfuscated2 (AES-256-CTR) around abridged: GramJS has no other obfuscated codec. */
  'obfuscated abridged': connections.ConnectionTCPObfuscated,
} as const;
export type GramTransport = keyof typeof TRANSPORTS;

/** Makes GramJS trust the emulator's RSA key (its fingerprint as GramJS writes it: signed, decimal). */
export function trustEmulatorKey(emulator: Emulator): () => void {
  const jwk = createPublicKey(emulator.publicKeyPem).export({ format: 'jwk' });
  const n = bigInt(Buffer.from(jwk.n!, 'base64url').toString('hex'), 16);
  const e = Number(BigInt('0x' + Buffer.from(jwk.e!, 'base64url').toString('hex')));
  const id = emulator.fingerprint.toString();
  RSA._serverKeys.set(id, { n, e });
  return () => void RSA._serverKeys.delete(id);
}

type ConnectionClass = (typeof TRANSPORTS)[GramTransport];

/** The connection class, dialling `port` whatever port TelegramClient passes (it passes 80). */
function dialling(Base: ConnectionClass, port: number): ConnectionClass {
  // @ts-expect-error: a mixin over GramJS's classes; the constructor takes one options object.
  return class extends Base {
    constructor(options: { port: number }) {
      super({ ...options, port } as never);
    }
  };
}

export interface GramPeer {
  client: GramClient;
  /** The answer to connect()'s invokeWithLayer(initConnection(help.getConfig)). */
  initConfig: Promise<unknown>;
}

/**
 * A TelegramClient for one DC of the emulator: silent, no auto-reconnect.
 * Three connection attempts, not one: GramJS builds its auth key with
 * `getByteArray(g_ab)`, which drops a leading zero byte, so one handshake in
 * 256 ends with a 255-byte key, a new_nonce_hash mismatch and a retry (it
 * would against Telegram too, whose key is always 256 bytes).
 */
export function gramClient(emulator: Emulator, transport: GramTransport, dcId = 2): GramPeer {
  const dc = emulator.dcs.find((d) => d.id === dcId)!;
  const session = new MemorySession();
  session.setDC(dc.id, dc.host, dc.port);
  const client = new telegram.TelegramClient(session, 1, 'emulator', {
    connection: dialling(TRANSPORTS[transport], dc.port),
    baseLogger: new Logger(process.env.GRAMJS_LOG ? (process.env.GRAMJS_LOG as never) : LogLevel.NONE),
    autoReconnect: false,
    connectionRetries: 3,
    retryDelay: 0,
    requestRetries: 1,
    deviceModel: 'interop',
    systemVersion: 'test',
    appVersion: '1.0',
  });

  // Keep the answer connect() drops: watch the sender it creates.
  let sender: { send(request: unknown): Promise<unknown> } | undefined;
  let resolveInit!: (answer: Promise<unknown>) => void;
  const initConfig = new Promise<unknown>((resolve) => (resolveInit = resolve));
  let watched = false;
  Object.defineProperty(client, '_sender', {
    configurable: true,
    enumerable: true,
    get: () => sender,
    set: (value: typeof sender) => {
      sender = value;
      if (!value || watched) return;
      watched = true;
      const send = value.send.bind(value);
      value.send = (request: unknown) => {
        const answer = send(request);
        if (request instanceof Api.InvokeWithLayer) resolveInit(answer);
        return answer;
      };
    },
  });
  return { client, initConfig };
}
