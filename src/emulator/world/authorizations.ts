import type { SrpServer } from '../../protocol/crypto/index.js';

/** What the client said in initConnection: shown in the `authorization` of a QR login. */
export interface ClientInfo {
  apiId: number;
  deviceModel: string;
  systemVersion: string;
  appVersion: string;
  langCode: string;
}

/**
 * The login state of one auth key. Telegram authorizes auth keys, not
 * connections or sessions: every session of a key shares it, and a key on
 * another DC needs its own (auth.importAuthorization).
 */
export interface KeyLogin {
  readonly authKeyId: bigint;
  readonly dcId: number;
  /** The account this key is logged in as. */
  userId?: bigint;
  /** Set by revokeAuthorization: calls answer 401 SESSION_REVOKED until the key logs in again. */
  revoked: boolean;
  /** A login that waits for the 2FA password (after SESSION_PASSWORD_NEEDED). */
  passwordPending?: bigint;
  /** The SRP exchange account.getPassword started: auth.checkPassword must name its srp_id. */
  srp?: { id: bigint; server: SrpServer };
  client?: ClientInfo;
  loggedInAt?: number;
}

/** An auth.exportAuthorization waiting to be imported on its DC. */
interface Exported {
  userId: bigint;
  dcId: number;
  expiresAt: number;
}

const EXPORT_TTL_MS = 5 * 60_000;

/** Which auth key is logged in as whom, and the authorizations exported between DCs. */
export class Authorizations {
  private readonly keys = new Map<bigint, KeyLogin>();
  private readonly byUser = new Map<bigint, Set<KeyLogin>>();
  private readonly exported = new Map<string, Exported>();

  constructor(
    private readonly now: () => number,
    private readonly random: (n: number) => Uint8Array,
  ) {}

  /** The login state of a key, created on its first call. */
  key(authKeyId: bigint, dcId: number): KeyLogin {
    let k = this.keys.get(authKeyId);
    if (!k) {
      k = { authKeyId, dcId, revoked: false };
      this.keys.set(authKeyId, k);
    }
    return k;
  }

  /** The auth keys logged in as `userId`, on every DC. */
  keysOf(userId: bigint): KeyLogin[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  logIn(key: KeyLogin, userId: bigint): void {
    this.forget(key);
    key.userId = userId;
    key.revoked = false;
    key.passwordPending = undefined;
    key.srp = undefined;
    key.loggedInAt = this.now();
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(key);
  }

  /** auth.logOut: the key is a stranger again. */
  logOut(key: KeyLogin): void {
    this.forget(key);
    key.revoked = false;
  }

  /** Ends every authorization of `userId` (as "terminate all sessions" does); returns how many keys it logged out. */
  revoke(userId: bigint): number {
    const keys = this.keysOf(userId);
    for (const key of keys) {
      this.forget(key);
      key.revoked = true;
    }
    return keys.length;
  }

  /** auth.exportAuthorization: bytes that log `userId` in on `dcId`, for a few minutes. */
  export(userId: bigint, dcId: number): Uint8Array {
    const now = this.now();
    for (const [k, e] of this.exported) if (e.expiresAt <= now) this.exported.delete(k);
    const bytes = Uint8Array.from(this.random(128));
    this.exported.set(Buffer.from(bytes).toString('hex'), { userId, dcId, expiresAt: now + EXPORT_TTL_MS });
    return bytes;
  }

  /** What auth.importAuthorization's bytes stand for, if they are valid on `dcId`. */
  imported(bytes: Uint8Array, dcId: number): { userId: bigint } | undefined {
    const e = bytes instanceof Uint8Array ? this.exported.get(Buffer.from(bytes).toString('hex')) : undefined;
    if (!e || e.dcId !== dcId || e.expiresAt <= this.now()) return undefined;
    return { userId: e.userId };
  }

  private forget(key: KeyLogin): void {
    if (key.userId !== undefined) this.byUser.get(key.userId)?.delete(key);
    key.userId = undefined;
    key.passwordPending = undefined;
    key.srp = undefined;
    key.loggedInAt = undefined;
  }
}
