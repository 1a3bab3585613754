/** Checks and normal forms shared by every store, so they all accept and return the same values. */
import { PEER_KINDS, type DcAddressRecord, type FutureSalt, type PeerEntry, type TempAuthKey, type UpdateState } from './types.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const MARK_CHANNEL = 1_000_000_000_000n;

export const AUTH_KEY_BYTES = 256;

/** The marked id of a peer: users as is, basic chats negated, channels -(10^12 + id). */
export function markedPeerId(type: 'user' | 'chat' | 'channel', id: bigint): bigint {
  if (type === 'user') return id;
  if (type === 'chat') return -id;
  return -(MARK_CHANNEL + id);
}

/** The inverse of `markedPeerId`. */
export function unmarkPeerId(marked: bigint): { type: 'user' | 'chat' | 'channel'; id: bigint } {
  if (marked >= 0n) return { type: 'user', id: marked };
  if (marked > -MARK_CHANNEL) return { type: 'chat', id: -marked };
  return { type: 'channel', id: -marked - MARK_CHANNEL };
}

/** `@Durov` -> `durov`. */
export const usernameKey = (username: string): string => (username.startsWith('@') ? username.slice(1) : username).toLowerCase();

/** `+1 (555) 010-0` -> `15550100`. */
export const phoneKey = (phone: string): string => phone.replace(/\D+/g, '');

function fail(what: string, expected: string, got: unknown): never {
  const shown = typeof got === 'bigint' ? `${got}n` : typeof got === 'string' ? JSON.stringify(got) : String(got);
  throw new TypeError(`${what}: expected ${expected}, got ${shown}`);
}

export function checkInt64(what: string, v: unknown): bigint {
  if (typeof v !== 'bigint' || v < INT64_MIN || v > INT64_MAX) fail(what, 'a signed 64-bit bigint', v);
  return v;
}

export function checkInt32(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) fail(what, 'a 32-bit integer', v);
  return v;
}

export function checkDcId(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 0x7fff_ffff) fail('dcId', 'a positive integer', v);
  return v;
}

export function checkKey(what: string, key: unknown): Uint8Array {
  if (key instanceof Uint8Array && key.length !== AUTH_KEY_BYTES) throw new TypeError(`${what}: expected ${AUTH_KEY_BYTES} bytes, got ${key.length} bytes`);
  if (!(key instanceof Uint8Array)) fail(what, `${AUTH_KEY_BYTES} bytes`, key);
  return Uint8Array.from(key);
}

export function checkAddress(a: DcAddressRecord): DcAddressRecord {
  if (typeof a?.host !== 'string' || a.host.length === 0 || Buffer.byteLength(a.host) > 255) fail('address.host', 'a host name of 1 to 255 bytes', a?.host);
  if (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535) fail('address.port', 'a port 1-65535', a.port);
  return { host: a.host, port: a.port };
}

export function checkTempKey(t: TempAuthKey): TempAuthKey {
  return { key: checkKey('tempAuthKey.key', t?.key), expiresAt: checkInt32('tempAuthKey.expiresAt', t.expiresAt) };
}

export function checkFutureSalts(salts: readonly FutureSalt[]): FutureSalt[] {
  return salts.map((s, i) => ({
    validSince: checkInt32(`futureSalts[${i}].validSince`, s.validSince),
    validUntil: checkInt32(`futureSalts[${i}].validUntil`, s.validUntil),
    salt: checkInt64(`futureSalts[${i}].salt`, s.salt),
  }));
}

export function checkUpdateState(s: UpdateState): UpdateState {
  return {
    pts: checkInt32('updateState.pts', s?.pts),
    qts: checkInt32('updateState.qts', s.qts),
    seq: checkInt32('updateState.seq', s.seq),
    date: checkInt32('updateState.date', s.date),
  };
}

/** Validates a peer and brings it to normal form (phone digits only; empty strings dropped). */
export function normalizePeer(p: PeerEntry, at = 'peer'): PeerEntry {
  checkInt64(`${at}.id`, p?.id);
  checkInt64(`${at}.accessHash`, p.accessHash);
  if (!PEER_KINDS.includes(p.kind)) fail(`${at}.kind`, PEER_KINDS.join(' | '), p.kind);
  if (typeof p.min !== 'boolean') fail(`${at}.min`, 'a boolean', p.min);
  if (p.username !== undefined && typeof p.username !== 'string') fail(`${at}.username`, 'a string', p.username);
  if (p.phone !== undefined && typeof p.phone !== 'string') fail(`${at}.phone`, 'a string', p.phone);
  const username = p.username ? (p.username.startsWith('@') ? p.username.slice(1) : p.username) : '';
  const phone = p.phone ? phoneKey(p.phone) : '';
  const out: { -readonly [K in keyof PeerEntry]: PeerEntry[K] } = { id: p.id, accessHash: p.accessHash, kind: p.kind, min: p.min };
  if (username) out.username = username;
  if (phone) out.phone = phone;
  return out;
}

/**
 * The min rule, written once (the SQLite store's upsert mirrors it):
 * - a full entry replaces whatever was there, absent username/phone included;
 * - a min entry over a full one keeps the full access hash and stays full;
 * - a min entry never erases: its absent username or phone keeps the old one.
 * The merge is associative, so queued writes may be combined before they reach disk.
 */
export function mergePeer(existing: PeerEntry | undefined, incoming: PeerEntry): PeerEntry {
  if (!existing || !incoming.min) return incoming;
  const keepFull = !existing.min;
  const out: { -readonly [K in keyof PeerEntry]: PeerEntry[K] } = {
    id: incoming.id,
    accessHash: keepFull ? existing.accessHash : incoming.accessHash,
    kind: incoming.kind,
    min: !keepFull,
  };
  const username = incoming.username ?? existing.username;
  const phone = incoming.phone ?? existing.phone;
  if (username !== undefined) out.username = username;
  if (phone !== undefined) out.phone = phone;
  return out;
}
