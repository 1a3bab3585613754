/** A login code auth.sendCode issued. */
export interface SentCode {
  phone: string;
  /** The phone_code_hash the client must send back with the code. */
  hash: string;
  code: string;
  /** The auth key that asked: Telegram accepts the code only from it. */
  authKeyId: bigint;
  expiresAt: number;
  /** Replaced by a newer code, or used by a successful signIn/signUp. */
  spent: boolean;
  /** signIn checked the code of a phone without an account: signUp may follow. */
  verified: boolean;
}

export const CODE_LENGTH = 5;
const CODE_TTL_MS = 5 * 60_000;
/** Entries kept after they expire, so an old hash answers PHONE_CODE_EXPIRED rather than INVALID. */
const FORGET_AFTER_MS = 60 * 60_000;

/** The login codes of the world, the way Telegram shows them in-app. */
export class LoginCodes {
  private readonly byHash = new Map<string, SentCode>();
  private readonly latest = new Map<string, SentCode>();

  constructor(
    private readonly now: () => number,
    private readonly random: (n: number) => Uint8Array,
  ) {}

  /** A new code for `phone` (digits); an earlier one of the same phone expires, as on Telegram. */
  issue(phone: string, authKeyId: bigint): SentCode {
    const now = this.now();
    for (const [hash, c] of this.byHash) if (c.expiresAt + FORGET_AFTER_MS <= now) this.byHash.delete(hash);
    const previous = this.latest.get(phone);
    if (previous) previous.spent = true;
    const digits = this.random(CODE_LENGTH);
    let code = '';
    for (const d of digits) code += String(d % 10);
    const sent: SentCode = {
      phone,
      hash: Buffer.from(this.random(9)).toString('hex'),
      code,
      authKeyId,
      expiresAt: now + CODE_TTL_MS,
      spent: false,
      verified: false,
    };
    this.byHash.set(sent.hash, sent);
    this.latest.set(phone, sent);
    return sent;
  }

  get(hash: string): SentCode | undefined {
    return this.byHash.get(hash);
  }

  /** Whether the code can still be used: not replaced, not used, not past its 5 minutes. */
  live(sent: SentCode): boolean {
    return !sent.spent && this.now() < sent.expiresAt;
  }

  /** The code most recently sent to `phone` (digits), used or expired as it may be: the message stays in the app. */
  lastCode(phone: string): string | undefined {
    return this.latest.get(phone)?.code;
  }
}
