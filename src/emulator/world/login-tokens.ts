import type { ClientInfo } from './authorizations.js';

/**
 * A QR login token. `qr` tokens come from auth.exportLoginToken and are shown
 * as tg://login?token=…; `migrate` tokens come with auth.loginTokenMigrateTo
 * and log in on the account's DC through auth.importLoginToken.
 */
export interface LoginToken {
  kind: 'qr' | 'migrate';
  token: Uint8Array;
  /** qr: the key and session that exported it (they get updateLoginToken); migrate: unused. */
  authKeyId: bigint;
  sessionId: bigint;
  /** qr: the DC it was exported on; migrate: the DC that must import it. */
  dcId: number;
  expiresAt: number;
  exceptIds: bigint[];
  client?: ClientInfo;
  /** qr: the account whose app accepted it; migrate: the account it logs in. */
  userId?: bigint;
  /** Used up: a qr token by the login it caused, a migrate token by its import. */
  spent: boolean;
}

/** Telegram's QR tokens live about 30 seconds. */
export const QR_TOKEN_TTL_S = 30;
const MIGRATE_TOKEN_TTL_S = 60;

export class LoginTokens {
  private readonly tokens = new Map<string, LoginToken>();

  constructor(
    private readonly now: () => number,
    private readonly random: (n: number) => Uint8Array,
  ) {}

  /** A fresh QR token for the exporting key and session. */
  issue(authKeyId: bigint, sessionId: bigint, dcId: number, exceptIds: bigint[], client: ClientInfo | undefined): LoginToken {
    return this.add({ kind: 'qr', token: this.bytes(), authKeyId, sessionId, dcId, expiresAt: this.now() + QR_TOKEN_TTL_S * 1000, exceptIds, client, spent: false });
  }

  /** A token that logs `userId` in on `dcId` (auth.loginTokenMigrateTo). */
  migrate(userId: bigint, dcId: number): LoginToken {
    return this.add({ kind: 'migrate', token: this.bytes(), authKeyId: 0n, sessionId: 0n, dcId, expiresAt: this.now() + MIGRATE_TOKEN_TTL_S * 1000, exceptIds: [], userId, spent: false });
  }

  get(token: Uint8Array): LoginToken | undefined {
    return token instanceof Uint8Array ? this.tokens.get(Buffer.from(token).toString('hex')) : undefined;
  }

  /** A QR token this key exported that an app has accepted and that has not logged anyone in yet. */
  acceptedFor(authKeyId: bigint): LoginToken | undefined {
    for (const t of this.tokens.values()) if (t.kind === 'qr' && t.authKeyId === authKeyId && t.userId !== undefined && !t.spent) return t;
    return undefined;
  }

  expired(t: LoginToken): boolean {
    return this.now() >= t.expiresAt;
  }

  private bytes(): Uint8Array {
    return Uint8Array.from(this.random(32));
  }

  private add(t: LoginToken): LoginToken {
    const now = this.now();
    // Forget tokens long past use; accepted ones wait for their exporter a while longer.
    for (const [k, old] of this.tokens) if (old.expiresAt + 600_000 <= now) this.tokens.delete(k);
    this.tokens.set(Buffer.from(t.token).toString('hex'), t);
    return t;
  }
}
