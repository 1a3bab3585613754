import { crc32 } from '../../schema/index.js';
import { bigintToBytes, srpVerifier, TELEGRAM_DH_PRIME, type SrpAlgo } from '../../protocol/crypto/index.js';
import type { CreateUserOptions } from '../options.js';

/** A 2FA password as a server keeps it: the SRP algorithm (with its salts) and the verifier, never the password. */
export interface StoredPassword {
  algo: SrpAlgo;
  verifier: Uint8Array;
}

/** A user or bot of the emulated Telegram, homed on one DC. */
export interface Account {
  id: bigint;
  kind: 'user' | 'bot';
  /** The DC that holds the account: logins elsewhere get PHONE_MIGRATE_X / USER_MIGRATE_X. */
  dcId: number;
  firstName: string;
  lastName?: string;
  username?: string;
  /** Digits only, as Telegram returns it. Users only. */
  phone?: string;
  password?: StoredPassword;
  /** Bots only: `<id>:<35 characters>`. */
  botToken?: string;
}


export interface NewBot {
  username: string;
  firstName?: string;
  dcId?: number;
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/**
 * Digits of an international phone number, or undefined when it is none:
 * Telegram ignores `+`, spaces, dashes and brackets, and numbers have 5 to 15
 * digits (E.164 allows 15).
 */
export function normalizePhone(phone: unknown): string | undefined {
  if (typeof phone !== 'string') return undefined;
  const digits = phone.replace(/^\s*\+/, '').replace(/[\s\-()]/g, '');
  return /^[0-9]{5,15}$/.test(digits) ? digits : undefined;
}

/** The accounts of the world: users and bots, by id, phone, username and bot token. */
export class Accounts {
  private readonly byId = new Map<bigint, Account>();
  private readonly byPhone = new Map<string, Account>();
  private readonly byUsername = new Map<string, Account>();
  private readonly byToken = new Map<string, Account>();
  private nextUserId = 1_000_000_001n;
  private nextBotId = 7_000_000_001n;

  constructor(
    private readonly dcIds: () => readonly number[],
    private readonly random: (n: number) => Uint8Array,
  ) {}

  get(id: bigint): Account | undefined {
    return this.byId.get(id);
  }

  /** By phone number in any format Telegram accepts. */
  findPhone(phone: string): Account | undefined {
    const digits = normalizePhone(phone);
    return digits === undefined ? undefined : this.byPhone.get(digits);
  }

  /** By username, ignoring case and a leading `@`. */
  findUsername(username: string): Account | undefined {
    return this.byUsername.get(username.replace(/^@/, '').toLowerCase());
  }

  findToken(token: string): Account | undefined {
    return this.byToken.get(token);
  }

  /**
   * The DC an account with this key lands on when none is named: a hash of the
   * phone (or bot username) spread over the DCs, so tests meet migrations.
   */
  homeDc(key: string): number {
    const ids = this.dcIds();
    return ids[crc32(new TextEncoder().encode(key)) % ids.length];
  }

  createUser(options: CreateUserOptions): Account {
    const phone = normalizePhone(options?.phone);
    if (phone === undefined) throw new TypeError(`createUser: phone ${JSON.stringify(options?.phone)} is not an international number (5 to 15 digits, + and spaces allowed)`);
    if (this.byPhone.has(phone)) throw new Error(`createUser: phone ${phone} already belongs to user ${this.byPhone.get(phone)!.id}`);
    if (typeof options.firstName !== 'string' || !options.firstName.trim()) throw new TypeError('createUser: firstName must be a non-empty string');
    if (options.password !== undefined && (typeof options.password !== 'string' || !options.password)) throw new TypeError('createUser: password must be a non-empty string');
    const account: Account = {
      id: this.nextUserId++,
      kind: 'user',
      dcId: this.checkDc('createUser', options.dcId) ?? this.homeDc(phone),
      firstName: options.firstName,
      lastName: options.lastName,
      username: this.checkUsername('createUser', options.username),
      phone,
      password: options.password === undefined ? undefined : this.newPassword(options.password),
    };
    return this.add(account);
  }

  createBot(options: NewBot): Account {
    const username = this.checkUsername('createBot', options?.username);
    if (username === undefined) throw new TypeError('createBot: a bot needs a username');
    if (options.firstName !== undefined && (typeof options.firstName !== 'string' || !options.firstName.trim())) throw new TypeError('createBot: firstName must be a non-empty string');
    const id = this.nextBotId++;
    const bytes = this.random(35);
    let secret = '';
    for (let i = 0; i < 35; i++) secret += TOKEN_ALPHABET[bytes[i] & 63];
    const account: Account = {
      id,
      kind: 'bot',
      dcId: this.checkDc('createBot', options.dcId) ?? this.homeDc(username.toLowerCase()),
      firstName: options.firstName ?? username,
      username,
      botToken: `${id}:${secret}`,
    };
    return this.add(account);
  }

  /** A sign-up through auth.signUp: the account lives on the DC that was asked. */
  signUp(phone: string, firstName: string, lastName: string, dcId: number): Account {
    return this.add({ id: this.nextUserId++, kind: 'user', dcId, firstName, lastName: lastName || undefined, phone });
  }

  /** The algorithm a new password would use: fresh server salts, g = 3 and Telegram's prime. */
  newAlgo(): SrpAlgo {
    return { _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow', salt1: this.random(8), salt2: this.random(16), g: 3, p: bigintToBytes(TELEGRAM_DH_PRIME, 256) };
  }

  private newPassword(password: string): StoredPassword {
    // salt1 is the server's 8 bytes followed by the 32 a client appends when it sets a password.
    const algo = this.newAlgo();
    algo.salt1 = Uint8Array.from([...algo.salt1, ...this.random(32)]);
    return { algo, verifier: srpVerifier(algo, password) };
  }

  private add(account: Account): Account {
    this.byId.set(account.id, account);
    if (account.phone) this.byPhone.set(account.phone, account);
    if (account.username) this.byUsername.set(account.username.toLowerCase(), account);
    if (account.botToken) this.byToken.set(account.botToken, account);
    return account;
  }

  private checkDc(method: string, dcId: number | undefined): number | undefined {
    if (dcId === undefined) return undefined;
    if (!this.dcIds().includes(dcId)) throw new RangeError(`${method}: there is no DC ${dcId} (the emulator runs ${this.dcIds().join(', ')})`);
    return dcId;
  }

  private checkUsername(method: string, username: string | undefined): string | undefined {
    if (username === undefined) return undefined;
    if (typeof username !== 'string' || !USERNAME.test(username)) {
      throw new TypeError(`${method}: username ${JSON.stringify(username)} must start with a letter and hold only letters, digits and _ (at most 32)`);
    }
    const owner = this.byUsername.get(username.toLowerCase());
    if (owner) throw new Error(`${method}: username @${username} is taken by ${owner.id}`);
    return username;
  }
}
