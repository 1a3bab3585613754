/** A store that keeps everything in memory: nothing survives the process. For tests and throwaway clients. */
import { BufferedSessionStore, type SessionSnapshot, type StoreOptions } from './buffered-store.js';
import { PeerTable } from './peer-table.js';
import { MapStateBackend } from './session-state.js';
import type { WriteBatch } from './batch.js';
import type { PeerEntry } from './types.js';

export class MemorySessionStore extends BufferedSessionStore {
  protected readonly persistent: boolean = false;
  protected readonly peers = new PeerTable();
  /** `stateStore()` entries: in memory, like everything here (a StringSession does not export them). */
  protected readonly stateBackend = new MapStateBackend();

  /** Optionally starts from a snapshot (what `StringSession` decodes, say). */
  constructor(initial?: SessionSnapshot, options?: StoreOptions) {
    super(options);
    if (initial) this.load(initial);
  }

  protected async persist(_batch: WriteBatch): Promise<void> {}

  protected async release(): Promise<void> {
    this.stateBackend.clear();
  }

  protected putPeersChecked(peers: readonly PeerEntry[]): void {
    for (const p of peers) this.peers.put(p);
    this.changed(peers.length);
  }

  async peer(id: bigint): Promise<PeerEntry | undefined> {
    this.checkOpen('peer');
    return this.peers.get(id);
  }

  async peerByUsername(username: string): Promise<PeerEntry | undefined> {
    this.checkOpen('peerByUsername');
    return this.peers.byUsernameKey(username);
  }

  async peerByPhone(phone: string): Promise<PeerEntry | undefined> {
    this.checkOpen('peerByPhone');
    return this.peers.byPhoneKey(phone);
  }
}
