/**
 * What a session keeps across restarts, and the interface every store
 * implements. Three stores ship: `MemorySessionStore`, `StringSession` and
 * `SqliteSessionStore` (the default); one conformance suite tests them all.
 */
import type { StateStore, StateStoreOptions } from './state-store.js';

/** Where a DC listens. */
export interface DcAddressRecord {
  host: string;
  port: number;
}

/** A temporary (PFS) auth key bound to a DC's permanent one. */
export interface TempAuthKey {
  /** 256 bytes. */
  key: Uint8Array;
  /** Unix seconds after which the server forgets it. */
  expiresAt: number;
}

/** One entry of `get_future_salts`' answer. */
export interface FutureSalt {
  validSince: number;
  validUntil: number;
  salt: bigint;
}

/** What the session knows about one DC. Absent fields are unknown. */
export interface DcRecord {
  readonly id: number;
  readonly address?: DcAddressRecord;
  /** The permanent auth key: 256 bytes. */
  readonly authKey?: Uint8Array;
  readonly tempAuthKey?: TempAuthKey;
  /** The current server salt. */
  readonly salt?: bigint;
  readonly futureSalts?: readonly FutureSalt[];
}

/** The common update state (`updates.state`), saved so a restart neither loses nor repeats updates. */
export interface UpdateState {
  pts: number;
  qts: number;
  seq: number;
  date: number;
}

export type PeerKind = 'user' | 'bot' | 'chat' | 'channel' | 'megagroup' | 'gigagroup';
export const PEER_KINDS: readonly PeerKind[] = ['user', 'bot', 'chat', 'channel', 'megagroup', 'gigagroup'];

/**
 * One peer of the cache. `id` is the marked id (see `markedPeerId`): users
 * positive, basic chats negative, channels below -10^12, so the three id
 * spaces never collide in one key.
 */
export interface PeerEntry {
  readonly id: bigint;
  /** 0n where the peer has none (basic chats). */
  readonly accessHash: bigint;
  readonly kind: PeerKind;
  /**
   * Seen only as a `min` constructor: its access hash is not usable on its
   * own. A min entry never overwrites a full entry's access hash.
   */
  readonly min: boolean;
  /** As Telegram spells it; lookups ignore case. */
  readonly username?: string;
  /** Digits only: `+1 555-0100` is stored and looked up as `15550100`. */
  readonly phone?: string;
}

/**
 * The session state a client saves and restores.
 *
 * Setters are synchronous and cheap: they update the store's in-memory view
 * at once (getters see the change immediately) and queue the write. Queued
 * writes are coalesced and persisted together, in one atomic batch, after at
 * most `flushDelayMs`; `flush()` persists them now, and `close()` flushes and
 * releases the store. Because every batch holds everything written before it,
 * what survives a crash is the state after some prefix of the calls, never a
 * mix. Changes to auth keys and the home DC are flushed without the delay.
 *
 * Peer lookups are asynchronous: a store may keep its peer cache on disk.
 */
export interface SessionStore {
  readonly closed: boolean;

  homeDc(): number | undefined;
  setHomeDc(dcId: number): void;

  dc(dcId: number): DcRecord | undefined;
  /** Every DC the session knows, by id. */
  dcs(): DcRecord[];
  /** `null` forgets. */
  setDcAddress(dcId: number, address: DcAddressRecord | null): void;
  /** A 256-byte key; `null` forgets it (after AUTH_KEY_UNREGISTERED, say). */
  setAuthKey(dcId: number, key: Uint8Array | null): void;
  setTempAuthKey(dcId: number, key: TempAuthKey | null): void;
  /** The current salt and, when known, the future ones (which replace those stored). */
  setSalt(dcId: number, salt: bigint, futureSalts?: readonly FutureSalt[]): void;

  /** Server time minus local time, in seconds. 0 until set. */
  timeOffset(): number;
  setTimeOffset(seconds: number): void;

  updateState(): UpdateState | undefined;
  setUpdateState(state: UpdateState): void;
  /** Channels are keyed by their bare id (`channel.id`), not the marked one. */
  channelPts(channelId: bigint): number | undefined;
  setChannelPts(channelId: bigint, pts: number): void;
  /** Every channel with a stored pts: where to catch up from on start. */
  allChannelPts(): Map<bigint, number>;

  /** Adds or updates peers; see `mergePeer` for the min rule. A username or phone moves to the last peer that claims it. */
  putPeers(peers: readonly PeerEntry[]): void;
  peer(id: bigint): Promise<PeerEntry | undefined>;
  /** Ignores case and a leading `@`. */
  peerByUsername(username: string): Promise<PeerEntry | undefined>;
  /** Ignores everything but digits. */
  peerByPhone(phone: string): Promise<PeerEntry | undefined>;

  /**
   * A key-value StateStore kept with the session, on the same backend (the
   * stores that ship have one). `LayerBot` hands it to `chatState` by default.
   */
  stateStore?(options?: StateStoreOptions): StateStore;

  /** Persists every queued write. Rejects if the store cannot write (the writes stay queued). */
  flush(): Promise<void>;
  /** Flushes, then releases files, locks and timers. Idempotent. */
  close(): Promise<void>;
}
