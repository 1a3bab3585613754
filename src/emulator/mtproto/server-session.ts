import { encode, methodOf, readObject, TlDecodeError, TlReader, type TlObject } from '../../schema/index.js';
import { keyIdBytes, sealParts, type Opened } from '../../protocol/mtproto/envelope.js';
import { GZIP_PACKED, MSG_CONTAINER, RPC_RESULT, containerPieces, joinPieces, peekId, unpackContainer, type Envelope } from '../../protocol/mtproto/messages.js';
import { MsgIdClock, SeqNo } from '../../protocol/mtproto/msg-id.js';
import { RecentMap, RecentSet } from '../../protocol/recent.js';

/** A client request the emulator's RPC layer must answer with `reply(msgId, …)`. */
export interface IncomingCall {
  msgId: bigint;
  request: TlObject;
}

export interface ServerSessionOptions {
  authKey: Uint8Array;
  sessionId: bigint;
  now: () => number;
  random: (n: number) => Uint8Array;
  /** The salts the server accepts, newest last; the session answers bad_server_salt otherwise. */
  salts: () => bigint[];
  /** Added to the server's clock: a fault knob for clients' time correction. */
  clockSkewSeconds?: () => number;
}

const CACHED_ANSWERS = 512;
/**
 * The client msg_ids a session remembers at least, to run a repeated one
 * once. Below them is a floor: an id at or under the newest one forgotten is
 * refused as too low (bad_msg_notification 16), as Telegram does, and the
 * client sends it again under a new msg_id. A client's ids rise as it makes
 * them, so only a resend reaches back that far; a small table stays in the
 * CPU's cache (one of 100,000 ids cost a miss or two per message).
 */
const SEEN_KEPT = 4_096;

/** A message to send, its body in pieces: an answer is its rpc_result header and the result, never joined before sealing. */
interface Outgoing {
  msgId: bigint;
  seqNo: number;
  body: readonly Uint8Array[];
}
/** ping, ping_delay_disconnect, get_future_salts. */
const SELF_ACKED = new Set([0x7abe77ec, 0xf3427b8c, 0xb921bd04]);

/**
 * The server side of one MTProto session, sans IO: the mirror of the client's
 * MtprotoSession, sharing its envelope, msg_id and container code. It checks
 * what clients send exactly as Telegram does (salt, msg_id time and parity,
 * seqno parity, duplicates), answers service messages itself, and hands RPC
 * calls up to the emulator.
 */
export class ServerSession {
  readonly sessionId: bigint;
  private readonly authKey: Uint8Array;
  private readonly keyId: Uint8Array;
  private readonly clock: MsgIdClock;
  private readonly seq = new SeqNo();
  private readonly opts: ServerSessionOptions;
  private outbox: Outgoing[] = [];
  private acks: bigint[] = [];
  private readonly seen = new RecentSet<bigint>(SEEN_KEPT, (forgotten) => {
    for (const id of forgotten) if (id > this.forgottenUpTo) this.forgottenUpTo = id;
  });
  /** The newest msg_id `seen` has forgotten: one at or below it may have run already. */
  private forgottenUpTo = 0n;
  /** Answers by request msg_id: a duplicate request gets its answer again instead of running twice. */
  private readonly answers = new RecentMap<bigint, readonly Uint8Array[]>(CACHED_ANSWERS);
  private started = false;
  /** Set by ping_delay_disconnect: the driver closes the connection when this passes. */
  disconnectAt: number | undefined;

  constructor(options: ServerSessionOptions) {
    this.opts = options;
    this.authKey = options.authKey;
    this.keyId = keyIdBytes(options.authKey);
    this.sessionId = options.sessionId;
    this.clock = new MsgIdClock(options.now);
  }

  /** The server's clock, skewed when a test asks for it. */
  private serverNow(): number {
    const skew = this.opts.clockSkewSeconds?.() ?? 0;
    if (skew !== this.clock.offset) this.clock.setOffset(skew);
    return this.clock.serverNow();
  }

  /** A decrypted client message (the emulator opens frames and routes them here by session_id); returns the calls in it. */
  receive(m: Opened): IncomingCall[] {
    const calls: IncomingCall[] = [];
    if (!this.started) {
      this.started = true;
      this.push({ _: 'new_session_created', firstMsgId: m.msgId, uniqueId: this.randomLong(), serverSalt: this.currentSalt() }, true);
    }
    if (!this.opts.salts().includes(m.salt)) {
      this.push({ _: 'bad_server_salt', badMsgId: m.msgId, badMsgSeqno: m.seqNo, errorCode: 48, newServerSalt: this.currentSalt() }, false, 1);
      return calls;
    }
    this.handle({ msgId: m.msgId, seqNo: m.seqNo, body: m.body }, calls, true);
    return calls;
  }

  private handle(m: Envelope, calls: IncomingCall[], topLevel: boolean): void {
    const bad = this.check(m);
    if (bad) {
      this.push({ _: 'bad_msg_notification', badMsgId: m.msgId, badMsgSeqno: m.seqNo, errorCode: bad }, false, 1);
      return;
    }
    if (this.seen.has(m.msgId)) {
      const answer = this.answers.get(m.msgId);
      if (answer) this.outbox.push({ msgId: this.nextId(1), seqNo: this.seq.next(true), body: answer });
      return;
    }
    const id = peekId(m.body);
    const r = new TlReader(m.body, 4);
    if (id === MSG_CONTAINER && topLevel) {
      this.seen.add(m.msgId);
      for (const inner of unpackContainer(r)) this.handle(inner, calls, false);
      return;
    }
    let request: TlObject;
    try {
      request = id === GZIP_PACKED ? readObject(r.gzipped()) : readObject(new TlReader(m.body));
    } catch (e) {
      if (!(e instanceof TlDecodeError)) throw e;
      // Like Telegram: a request of another layer, or garbage, is answered with an error, never left unanswered.
      this.seen.add(m.msgId);
      if (m.seqNo & 1) this.acks.push(m.msgId);
      this.replyError(m.msgId, 400, e.constructorId === undefined || e.constructorId === id ? 'INPUT_METHOD_INVALID' : 'INPUT_CONSTRUCTOR_INVALID');
      return;
    }
    if (this.dropIncoming?.(methodOf(request))) return; // lost on the way: the server never saw it
    this.seen.add(m.msgId);
    // pong and future_salts are their own acknowledgment; clients warn about a separate one.
    if (m.seqNo & 1 && !SELF_ACKED.has(id)) this.acks.push(m.msgId);
    this.service(m.msgId, request, calls);
  }

  /** The bad_msg_notification code for a message Telegram would refuse, or 0. */
  private check(m: Envelope): number {
    if ((m.msgId & 3n) !== 0n) return 18;
    const t = Number(m.msgId >> 32n);
    const now = this.serverNow();
    if (t < now - 300 || (m.msgId <= this.forgottenUpTo && !this.seen.has(m.msgId))) return 16;
    if (t > now + 30) return 17;
    const id = peekId(m.body);
    // 34: an even seqno expected (container), odd received; 35: an odd seqno expected (content), even received.
    // msgs_ack is not content-related, but Telegram accepts it with either parity (mtcute sends odd), so the emulator does too.
    if (id === MSG_CONTAINER) return m.seqNo & 1 ? 34 : 0;
    if (id === 0x62d6b459) return 0; // msgs_ack
    if (!(m.seqNo & 1)) return 35;
    return 0;
  }

  /** A fault knob: drop the next incoming call of a method as if the network lost it (before the server saw it). */
  dropIncoming?: (method: string) => boolean;

  private service(msgId: bigint, o: TlObject, calls: IncomingCall[]): void {
    switch (o._) {
      case 'msgs_ack':
        return;
      case 'ping':
        this.push({ _: 'pong', msgId, pingId: o.pingId }, true, 1);
        return;
      case 'ping_delay_disconnect':
        this.disconnectAt = this.opts.now() + o.disconnectDelay * 1000;
        this.push({ _: 'pong', msgId, pingId: o.pingId }, true, 1);
        return;
      case 'get_future_salts': {
        const now = Math.floor(this.serverNow());
        const salts = this.opts.salts().slice(-o.num).map((salt, i) => ({ _: 'future_salt' as const, validSince: now + i * 3600, validUntil: now + (i + 1) * 3600, salt }));
        this.push({ _: 'future_salts', reqMsgId: msgId, now, salts }, true, 1);
        return;
      }
      case 'destroy_session':
        this.reply(msgId, { _: o.sessionId === this.sessionId ? 'destroy_session_none' : 'destroy_session_ok', sessionId: o.sessionId });
        return;
      case 'msgs_state_req':
        this.push({ _: 'msgs_state_info', reqMsgId: msgId, info: Uint8Array.from(o.msgIds, (id) => this.stateOf(id)) }, true, 1);
        return;
      case 'msg_resend_req':
        return;
      default:
        calls.push({ msgId, request: o });
    }
  }

  /**
   * The msgs_state_info byte of the spec for one of the client's msg_ids:
   * 4 received (+8 acknowledged, +32 being processed or done, +64 answered), 2 never received, 3 not yet (too new), 1 unknown (too old).
   */
  private stateOf(id: bigint): number {
    if (this.seen.has(id)) return 4 | 8 | 32 | (this.answers.has(id) ? 64 : 0);
    const t = Number(id >> 32n);
    const now = this.serverNow();
    if (t < now - 300 || id <= this.forgottenUpTo) return 1;
    return t > now + 30 ? 3 : 2;
  }

  /** Answers a call with its result object. */
  reply(reqMsgId: bigint, result: TlObject): void {
    this.replyRaw(reqMsgId, encode(result));
  }

  /** Answers a call with an rpc_error. */
  replyError(reqMsgId: bigint, code: number, message: string): void {
    this.replyRaw(reqMsgId, encode({ _: 'rpc_error', errorCode: code, errorMessage: message }));
  }

  /** Answers a call whose result is already encoded (vectors of longs and the like). */
  replyRaw(reqMsgId: bigint, encoded: Uint8Array): void {
    const header = new Uint8Array(12);
    const view = new DataView(header.buffer);
    view.setUint32(0, RPC_RESULT, true);
    view.setBigInt64(4, reqMsgId, true);
    const body = [header, encoded];
    this.answers.set(reqMsgId, body);
    this.outbox.push({ msgId: this.nextId(1), seqNo: this.seq.next(true), body });
  }

  /** A server message: updates, service answers, or a fault a test asked for. Answers to a client message take parity 1. */
  push(o: TlObject, contentRelated = true, parity: 1 | 3 = 3): void {
    this.outbox.push({ msgId: this.nextId(parity), seqNo: this.seq.next(contentRelated), body: [encode(o)] });
  }

  /** Encrypted frames for everything queued, acks included, in one container when there are several. */
  flush(): Uint8Array[] {
    return this.flushParts().map(joinPieces);
  }

  /** `flush` with each frame in pieces (see sealParts), for the transport to write uncopied. */
  flushParts(): Uint8Array[][] {
    const messages = this.outbox;
    this.outbox = [];
    if (this.acks.length) messages.unshift({ msgId: this.nextId(3), seqNo: this.seq.next(false), body: [encode({ _: 'msgs_ack', msgIds: this.acks.splice(0) })] });
    if (!messages.length) return [];
    const one = messages.length === 1 ? messages[0] : { msgId: this.nextId(3), seqNo: this.seq.next(false), body: containerPieces(messages) };
    return [sealParts(this.authKey, this.keyId, { salt: this.currentSalt(), sessionId: this.sessionId, msgId: one.msgId, seqNo: one.seqNo }, one.body, false, this.opts.random)];
  }

  private nextId(parity: 1 | 3): bigint {
    this.serverNow();
    return this.clock.next(parity);
  }

  private currentSalt(): bigint {
    const salts = this.opts.salts();
    return salts[salts.length - 1];
  }

  private randomLong(): bigint {
    return new DataView(this.opts.random(8).buffer).getBigInt64(0, true);
  }
}
