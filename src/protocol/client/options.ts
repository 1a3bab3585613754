import type { TransportKind } from '../transport/index.js';
import type { UpdatesState } from '../updates/index.js';
import type { SessionStore } from '../storage/index.js';

export interface DcAddress {
  id: number;
  host: string;
  port: number;
}

export interface ClientOptions {
  apiId: number;
  apiHash: string;
  /** Where the DCs are: Telegram's (see README) or an emulator's `clientOptions()`. */
  dcs: DcAddress[];
  /** The RSA public keys the server may present (PEM). A fingerprint given beside one is informational. */
  rsaKeys: { pem: string; fingerprint?: bigint }[];
  /** The home DC. Default: the first of `dcs`. */
  dcId?: number;
  /** Default 'intermediate'. */
  transport?: TransportKind;
  /** Wrap the transport in obfuscated2 (not with 'full'). */
  obfuscated?: boolean;
  /** An auth key from an earlier connect(), to skip the handshake (a `session` store does this for every DC). */
  authKey?: Uint8Array;
  /**
   * Where auth keys, the home DC, salts, the clock offset, the update state and
   * the peer cache are kept across restarts. A path opens the embedded default,
   * a SQLite file, which the client also closes; or pass a store you manage:
   * MemorySessionStore, StringSession, SqliteSessionStore. Without it nothing is kept.
   */
  session?: string | SessionStore;
  /** initConnection: what Telegram shows in the list of active sessions. */
  deviceModel?: string;
  systemVersion?: string;
  appVersion?: string;
  /** initConnection: the user's language (default 'en'), the OS language (default: langCode), the language pack (default ''). */
  langCode?: string;
  systemLangCode?: string;
  langPack?: string;
  /** initConnection `params`: extra JSON some apps send (e.g. { tz_offset }). */
  initParams?: import('../../schema/index.js').tl.TypeJSONValue;
  /** FLOOD_WAIT_X up to this many seconds is slept through and retried; longer ones throw FloodWaitError. Default 60. */
  floodSleepThreshold?: number;
  /** Milliseconds before an unanswered request fails with a timeout. Default 30 000. */
  requestTimeout?: number;
  /** Reconnect backoff: first delay and cap, milliseconds. Defaults 250 and 10 000. */
  reconnectDelay?: { initial: number; max: number };
  /**
   * The updates engine, started at login: `false` turns it off; `state` resumes from a saved
   * state (getDifference fetches what happened meanwhile); `onState` is told each new state to save.
   */
  updates?: false | { state?: UpdatesState; onState?(state: UpdatesState): void };
  /**
   * Extra connections per DC for file transfers (each a session of its own on the DC's auth key):
   * the parts of an upload or download travel over them in parallel. Default 4.
   */
  connections?: number;
  /** Injected for tests: milliseconds since the epoch, and random bytes. */
  now?: () => number;
  random?: (n: number) => Uint8Array;
}
