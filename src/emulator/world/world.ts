import type { tl } from '../../schema/index.js';
import { Accounts, type Account } from './accounts.js';
import { Authorizations } from './authorizations.js';
import { LoginCodes } from './login-codes.js';
import { LoginTokens } from './login-tokens.js';
import { AccountUpdates } from './updates.js';
import { accessHash, userObject } from './users.js';
import { Conversations } from './chats.js';
import { Activity } from './activity.js';
import { UpdateFaults } from './update-faults.js';
import { filesOf } from './files.js';

export interface WorldOptions {
  now: () => number;
  random: (n: number) => Uint8Array;
  /** The emulator's DC ids, in order. */
  dcIds: () => readonly number[];
  /** Queues `updates` on the sessions of an auth key (one session, when named; all but `exceptSessionId`) and sends them where connected. */
  deliver(authKeyId: bigint, updates: tl.TypeUpdates, sessionId?: bigint, exceptSessionId?: bigint): void;
  /** How many sessions an auth key has (a push that skips the calling session may still reach another). */
  sessionCount?(authKeyId: bigint): number;
  /** The update delivery knobs (`emulator.faults.updates`); a faithful set by default. */
  updateFaults?: UpdateFaults;
}

/**
 * The emulated Telegram's state beyond MTProto: accounts, who is logged in on
 * which auth key, login codes and QR tokens, and each account's update state.
 * RPC handlers read and change it; the emulator's public knobs (createUser,
 * lastLoginCode, revokeAuthorization, …) are thin calls into it.
 */
export class World {
  readonly now: () => number;
  readonly random: (n: number) => Uint8Array;
  readonly accounts: Accounts;
  readonly authorizations: Authorizations;
  readonly codes: LoginCodes;
  readonly tokens: LoginTokens;
  readonly updates: AccountUpdates;
  /** Basic groups and channels. */
  readonly conversations: Conversations;
  /** What tests make happen (messages, chats, channels): `emulator.updates`. */
  readonly activity: Activity;
  /** Keys access hashes, so they differ between emulators. */
  private readonly secret: Uint8Array;

  constructor(readonly options: WorldOptions) {
    this.now = options.now;
    this.random = options.random;
    this.secret = Uint8Array.from(options.random(32));
    this.accounts = new Accounts(options.dcIds, options.random);
    this.authorizations = new Authorizations(options.now, options.random);
    this.codes = new LoginCodes(options.now, options.random);
    this.tokens = new LoginTokens(options.now, options.random);
    // A channel's access hash is keyed like a user's, on its marked id so the two never collide.
    this.conversations = new Conversations(
      () => this.updates.logLimit,
      (viewer, channelId) => accessHash(this.secret, viewer, -(1_000_000_000_000n + channelId)),
      () => this.updates.historyLimit,
    );
    this.updates = new AccountUpdates({
      now: options.now,
      keysOf: (userId) => this.authorizations.keysOf(userId).map((k) => k.authKeyId),
      deliver: (key, updates, exceptSessionId) => options.deliver(key, updates, undefined, exceptSessionId),
      sessionCount: (key) => options.sessionCount?.(key) ?? 1,
      faults: options.updateFaults ?? new UpdateFaults(),
      users: (ids, viewer) => this.users(ids, viewer),
      chats: (ids, viewer) => this.conversations.objects(ids, viewer),
    });
    this.activity = new Activity(this.accounts, this.conversations, this.updates);
  }

  /** `account` as `viewer` sees it, with the status it last set and its current profile photo. */
  user(account: Account, viewer: bigint): tl.User {
    const photo = filesOf(this).profilePhotosOf(account.id)[0];
    return userObject(account, viewer, this.secret, this.now, {
      status: this.activity?.statuses.of(account.id),
      photo: photo && { _: 'userProfilePhoto', photoId: photo.id, dcId: photo.dcId },
    });
  }

  /** The accounts named by `ids`, as `viewer` sees them (unknown ids left out, repeats once). */
  users(ids: Iterable<bigint>, viewer: bigint): tl.User[] {
    const out: tl.User[] = [];
    const seen = new Set<bigint>();
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const account = this.accounts.get(id);
      if (account) out.push(this.user(account, viewer));
    }
    return out;
  }

  /** Whether `hash` is the access_hash `viewer` was given for `target`. */
  accessHashOk(viewer: bigint, target: Account, hash: bigint): boolean {
    return accessHash(this.secret, viewer, target.id) === hash;
  }

  /** The auth.authorization a login answers with. */
  authorization(account: Account): tl.auth.Authorization {
    return { _: 'auth.authorization', user: this.user(account, account.id) };
  }
}
