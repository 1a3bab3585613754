/** The peer cache in memory, with its username and phone indexes: the memory and string stores keep peers here. */
import { mergePeer, phoneKey, usernameKey } from './values.js';
import { without } from './batch.js';
import type { PeerEntry } from './types.js';

export class PeerTable {
  private readonly byId = new Map<bigint, PeerEntry>();
  private readonly byUsername = new Map<string, bigint>();
  private readonly byPhone = new Map<string, bigint>();

  get size(): number {
    return this.byId.size;
  }

  /** Adds or merges one checked, normalized entry (see `mergePeer`); the username and phone move to it. */
  put(p: PeerEntry): void {
    const old = this.byId.get(p.id);
    const next = mergePeer(old, p);
    if (old?.username !== undefined) this.byUsername.delete(usernameKey(old.username));
    if (old?.phone !== undefined) this.byPhone.delete(old.phone);
    if (next.username !== undefined) this.claim(this.byUsername, usernameKey(next.username), next.id, 'username');
    if (next.phone !== undefined) this.claim(this.byPhone, next.phone, next.id, 'phone');
    this.byId.set(next.id, next);
  }

  private claim(index: Map<string, bigint>, key: string, id: bigint, field: 'username' | 'phone'): void {
    const holder = index.get(key);
    if (holder !== undefined && holder !== id) this.byId.set(holder, without(this.byId.get(holder)!, field));
    index.set(key, id);
  }

  get(id: bigint): PeerEntry | undefined {
    return this.byId.get(id);
  }

  byUsernameKey(username: string): PeerEntry | undefined {
    const id = this.byUsername.get(usernameKey(username));
    return id === undefined ? undefined : this.byId.get(id);
  }

  byPhoneKey(phone: string): PeerEntry | undefined {
    const id = this.byPhone.get(phoneKey(phone));
    return id === undefined ? undefined : this.byId.get(id);
  }
}
