/**
 * msg_id generation and checks, from a clock corrected by the server's time.
 * A msg_id is unixtime * 2^32 plus a fraction; client ids are divisible by 4,
 * server replies are 1 mod 4 and server-initiated messages 3 mod 4.
 */
export class MsgIdClock {
  /** Server time minus local time, in seconds. */
  offset: number;
  private last = 0n;

  constructor(
    private readonly now: () => number,
    offset = 0,
  ) {
    this.offset = offset;
  }

  /** Corrected unix time in seconds (fractional). */
  serverNow(): number {
    return this.now() / 1000 + this.offset;
  }

  /** The next id for a message we send: monotonic, `mod 4 === parity`. */
  next(parity: 0 | 1 | 3 = 0): bigint {
    const t = this.serverNow();
    const seconds = Math.floor(t);
    const fraction = Math.floor((t - seconds) * 2 ** 32);
    let id = (BigInt(seconds) << 32n) | BigInt(fraction >>> 0);
    id = (id & ~3n) | BigInt(parity);
    if (id <= this.last) id = ((this.last + 4n) & ~3n) | BigInt(parity);
    this.last = id;
    return id;
  }

  /** Moves the clock; a clock set back may hand out ids below earlier ones, as it must. */
  setOffset(seconds: number): void {
    if (seconds < this.offset) this.last = 0n;
    this.offset = seconds;
  }

  /** Takes the server's time from one of its msg_ids (bad_msg_notification 16/17, or the first reply). */
  syncTo(serverMsgId: bigint): void {
    this.setOffset(Number(serverMsgId >> 32n) - Math.floor(this.now() / 1000));
  }

  /** The spec's window: a message more than 300 s old or 30 s ahead of the corrected clock is dropped. */
  inWindow(msgId: bigint): boolean {
    const t = Number(msgId >> 32n);
    const now = this.serverNow();
    return t >= now - 300 && t <= now + 30;
  }
}

/** Content-related messages get odd seqnos and count; acks and containers get even ones. */
export class SeqNo {
  private content = 0;

  next(contentRelated: boolean): number {
    if (!contentRelated) return this.content * 2;
    return this.content++ * 2 + 1;
  }

  reset(): void {
    this.content = 0;
  }
}
