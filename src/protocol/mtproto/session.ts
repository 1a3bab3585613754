import { gzipSync } from 'node:zlib';
import { encode, methodOf, readObject, readResult, TlReader, typeOf, type TlObject, type tl } from '../../schema/index.js';
import { SecurityError } from '../errors.js';
import { keyIdBytes, open, sealParts } from './envelope.js';
import { BadMessageError, RequestAbortedError } from './errors.js';
import { rpcError } from './rpc-errors.js';
import { GZIP_PACKED, MSG_CONTAINER, RPC_ERROR, RPC_RESULT, containerPieces, joinPieces, packGzip, peekId, unpackContainer, type Envelope } from './messages.js';
import { MsgIdClock, SeqNo } from './msg-id.js';
import { RecentMap, RecentSet } from '../recent.js';

export interface SessionOptions {
  authKey: Uint8Array;
  /** 0 makes the server answer bad_server_salt with the right one, as a fresh client does. */
  salt?: bigint;
  sessionId?: bigint;
  /** Server time minus local time, seconds (from the handshake or a saved session). */
  timeOffset?: number;
  /** Milliseconds since the epoch. */
  now: () => number;
  random: (n: number) => Uint8Array;
  /** Bodies above this many bytes are sent gzip_packed when that makes them smaller. */
  gzipAbove?: number;
}

/** What the session asks its driver to act on, in order. */
export type SessionEvent =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: Error }
  | { kind: 'updates'; updates: tl.TypeUpdates }
  | { kind: 'new-session'; firstMsgId: bigint; uniqueId: bigint }
  | { kind: 'state-info'; msgIds: bigint[]; info: Uint8Array }
  | { kind: 'dropped'; error: SecurityError };

interface Pending {
  id: number;
  request: TlObject;
  method: string;
  body: Uint8Array;
  contentRelated: boolean;
  msgId?: bigint;
  seqNo?: number;
  acked: boolean;
  /** Times the server refused it for salt or clock; bounded so a broken server cannot loop us. */
  refusals: number;
}

const ACK_BATCH = 16;
const ACK_DELAY_MS = 1000;
const MAX_CONTAINER_MESSAGES = 100;
const MAX_CONTAINER_BYTES = 512 * 1024;
const NO_GZIP = new Set(['upload.saveFilePart', 'upload.saveBigFilePart', 'upload.getFile', 'upload.getCdnFile']);
const RECENT_IDS = 2048;
const MAX_REFUSALS = 5;
const RECENT_CONTAINERS = 256;

/**
 * The client side of an encrypted MTProto session, sans IO: requests and
 * received frames go in; encrypted frames to send, events, and the next
 * deadline come out. msg_ids, seqnos, salts, acks, containers, gzip and every
 * service message of the spec are handled here; sockets and timers are not.
 */
export class MtprotoSession {
  readonly authKey: Uint8Array;
  readonly clock: MsgIdClock;
  salt: bigint;
  sessionId: bigint;

  private readonly keyId: Uint8Array;
  private readonly seq = new SeqNo();
  private readonly random: (n: number) => Uint8Array;
  private readonly now: () => number;
  private readonly gzipAbove: number;
  private nextId = 1;
  /** Requests not yet (re)sent, in order. */
  private queue: Pending[] = [];
  /** Sent requests by msg_id, until their answer arrives. */
  private readonly sent = new Map<bigint, Pending>();
  /** Container msg_id -> the msg_ids inside, to resend a refused container's content (a refusal names a recent one). */
  private readonly containers = new RecentMap<bigint, bigint[]>(RECENT_CONTAINERS);
  private acks: bigint[] = [];
  private ackDeadline: number | undefined;
  /** Service answers (msgs_state_info, msg_resend_req) to send with the next flush. */
  private service: Envelope[] = [];
  /** The server's recent msg_ids, to drop a repeat (the time window rejects anything older anyway). */
  private readonly received = new RecentSet<bigint>(RECENT_IDS);

  constructor(options: SessionOptions) {
    this.authKey = options.authKey;
    this.keyId = keyIdBytes(options.authKey);
    this.now = options.now;
    this.random = options.random;
    this.clock = new MsgIdClock(options.now, options.timeOffset ?? 0);
    this.salt = options.salt ?? 0n;
    this.sessionId = options.sessionId ?? new DataView(options.random(8).buffer).getBigInt64(0, true);
    this.gzipAbove = options.gzipAbove ?? 512;
  }

  /** Queues a request; returns its id for the result/error event. Encode errors throw here, at once. */
  send(request: TlObject): number {
    let body = encode(request);
    if (body.length > this.gzipAbove && !NO_GZIP.has(request._)) {
      const packed = gzipSync(body);
      if (packed.length + 8 < body.length) body = packGzip(packed);
    }
    const pending: Pending = { id: this.nextId++, request, method: methodOf(request), body, contentRelated: request._ !== 'msgs_ack', acked: false, refusals: 0 };
    this.queue.push(pending);
    return pending.id;
  }

  /** The msg_id a request went out with, while it waits for its answer. */
  msgIdOf(id: number): bigint | undefined {
    for (const [msgId, p] of this.sent) if (p.id === id) return msgId;
    return undefined;
  }

  /** Forgets a request (its answer, if any, is then ignored). */
  cancel(id: number): void {
    this.queue = this.queue.filter((p) => p.id !== id);
    for (const [msgId, p] of this.sent) if (p.id === id) this.sent.delete(msgId);
  }

  /** Requests waiting for an answer or to be sent. */
  get pending(): number {
    return this.queue.length + this.sent.size;
  }

  /** When the driver should call `flush()` again even if nothing else happens (pending acks). */
  nextDeadline(): number | undefined {
    return this.ackDeadline;
  }

  /**
   * The encrypted frames to send now: queued requests, service answers and
   * pending acks, several messages packed into containers.
   */
  flush(): Uint8Array[] {
    return this.flushParts().map(joinPieces);
  }

  /** `flush` with each frame in pieces (see sealParts), for the transport to write a file part uncopied. */
  flushParts(): Uint8Array[][] {
    const now = this.now();
    const ackDue = this.acks.length >= ACK_BATCH || (this.ackDeadline !== undefined && now >= this.ackDeadline);
    if (this.queue.length === 0 && this.service.length === 0 && !(ackDue && this.acks.length)) return [];

    const messages: Envelope[] = [];
    if (this.acks.length) messages.push(this.ackMessage());
    messages.push(...this.service);
    this.service = [];
    for (const p of this.queue) {
      // A resend after a reconnect keeps its msg_id, so the server can recognize a duplicate.
      if (p.msgId === undefined) {
        p.msgId = this.clock.next();
        p.seqNo = this.seq.next(p.contentRelated);
      }
      this.sent.set(p.msgId, p);
      messages.push({ msgId: p.msgId, seqNo: p.seqNo!, body: p.body });
    }
    this.queue = [];

    const frames: Uint8Array[][] = [];
    for (const group of this.group(messages)) {
      if (group.length === 1) {
        frames.push(this.seal(group[0], [group[0].body]));
        continue;
      }
      const container = { msgId: this.clock.next(), seqNo: this.seq.next(false) };
      this.containers.set(container.msgId, group.map((m) => m.msgId));
      frames.push(this.seal(container, containerPieces(group)));
    }
    return frames;
  }

  /** After a reconnect: everything sent but not acknowledged goes out again, with its msg_id. */
  resendUnacknowledged(): void {
    const again = [...this.sent.values()].filter((p) => !p.acked && !this.queue.includes(p));
    for (const p of again) this.sent.delete(p.msgId!);
    this.queue.unshift(...again.sort((a, b) => (a.msgId! < b.msgId! ? -1 : 1)));
  }

  /** Fails every request: the session is being closed or replaced. */
  abortAll(reason: string): SessionEvent[] {
    const all = [...this.queue, ...this.sent.values()];
    this.queue = [];
    this.sent.clear();
    return all.map((p) => ({ kind: 'error', id: p.id, error: new RequestAbortedError(p.method, reason) }));
  }

  /** Decrypts, checks and interprets one received frame; `inPlace`: the caller is done with `frame`, decrypt over it. */
  receive(frame: Uint8Array, inPlace = false): SessionEvent[] {
    const events: SessionEvent[] = [];
    let m;
    try {
      m = open(this.authKey, this.keyId, frame, false, inPlace);
      if (m.sessionId !== this.sessionId) throw new SecurityError('session-id', `a message for session ${m.sessionId}, ours is ${this.sessionId}`);
    } catch (e) {
      if (e instanceof SecurityError) return [{ kind: 'dropped', error: e }];
      throw e;
    }
    this.handle({ msgId: m.msgId, seqNo: m.seqNo, body: m.body }, events, true);
    return events;
  }

  private handle(m: Envelope, events: SessionEvent[], topLevel: boolean): void {
    const parity = m.msgId & 3n;
    if (parity !== 1n && parity !== 3n) {
      events.push({ kind: 'dropped', error: new SecurityError('msg-id', `server msg_id ${m.msgId} is not 1 or 3 mod 4`) });
      return;
    }
    if (!this.clock.inWindow(m.msgId) && !this.isClockFix(m.body)) {
      events.push({ kind: 'dropped', error: new SecurityError('msg-id', `server msg_id ${m.msgId} is outside the time window`) });
      return;
    }
    const contentRelated = (m.seqNo & 1) === 1;
    if (this.received.has(m.msgId)) {
      if (contentRelated) this.ack(m.msgId); // our ack may have been lost
      return;
    }
    this.received.add(m.msgId);
    if (contentRelated) this.ack(m.msgId);

    try {
      this.dispatch(m.msgId, m.body, events, topLevel);
    } catch (e) {
      // A body we cannot decode is dropped like any other bad input, never acted on.
      events.push({ kind: 'dropped', error: new SecurityError('body', `undecodable message ${m.msgId}: ${(e as Error).message}`) });
    }
  }

  private dispatch(msgId: bigint, body: Uint8Array, events: SessionEvent[], topLevel: boolean): void {
    const id = peekId(body);
    const r = new TlReader(body, 4);
    if (id === MSG_CONTAINER) {
      if (!topLevel) throw r.error('a container inside a container');
      for (const inner of unpackContainer(r)) this.handle(inner, events, false);
    } else if (id === RPC_RESULT) {
      this.rpcResult(r, events);
    } else if (id === GZIP_PACKED) {
      this.dispatch(msgId, r.gzipped().buf, events, false);
    } else {
      r.pos = 0;
      this.onService(readObject(r), msgId, events);
    }
  }

  private rpcResult(r: TlReader, events: SessionEvent[]): void {
    const reqMsgId = r.long();
    const pending = this.sent.get(reqMsgId);
    if (!pending) return; // cancelled, or a duplicate answer
    this.sent.delete(reqMsgId);
    let body = r;
    if (peekId(body.buf, body.pos) === GZIP_PACKED) {
      body.pos += 4;
      body = body.gzipped();
    }
    if (peekId(body.buf, body.pos) === RPC_ERROR) {
      const e = readObject(body) as tl.RpcError;
      events.push({ kind: 'error', id: pending.id, error: rpcError(e.errorCode, e.errorMessage, pending.method) });
      return;
    }
    try {
      events.push({ kind: 'result', id: pending.id, result: readResult(pending.request as tl.AnyRequest, body) });
    } catch (e) {
      events.push({ kind: 'error', id: pending.id, error: e as Error });
    }
  }

  private onService(o: TlObject, msgId: bigint, events: SessionEvent[]): void {
    switch (o._) {
      case 'msgs_ack':
        for (const id of o.msgIds) {
          const p = this.sent.get(id);
          if (p) p.acked = true;
        }
        return;
      case 'bad_server_salt':
        this.salt = o.newServerSalt;
        events.push(...this.requeue(o.badMsgId, 48));
        return;
      case 'bad_msg_notification':
        if (o.errorCode === 16 || o.errorCode === 17) {
          this.clock.syncTo(msgId);
          events.push(...this.requeue(o.badMsgId, o.errorCode));
        } else {
          for (const p of this.take(o.badMsgId)) events.push({ kind: 'error', id: p.id, error: new BadMessageError(o.errorCode, p.method) });
        }
        return;
      case 'new_session_created':
        this.salt = o.serverSalt;
        events.push({ kind: 'new-session', firstMsgId: o.firstMsgId, uniqueId: o.uniqueId });
        return;
      case 'pong': {
        const p = this.sent.get(o.msgId);
        if (p) {
          this.sent.delete(o.msgId);
          events.push({ kind: 'result', id: p.id, result: o });
        }
        return;
      }
      case 'future_salts': {
        const p = this.sent.get(o.reqMsgId);
        if (p) {
          this.sent.delete(o.reqMsgId);
          events.push({ kind: 'result', id: p.id, result: o });
        }
        return;
      }
      case 'msgs_state_req':
        this.service.push(this.serviceMessage({ _: 'msgs_state_info', reqMsgId: msgId, info: Uint8Array.from(o.msgIds, (id) => this.stateOf(id)) }));
        return;
      case 'msgs_state_info': {
        const p = this.sent.get(o.reqMsgId);
        if (p) {
          this.sent.delete(o.reqMsgId);
          const ids = (p.request as tl.MsgsStateReq).msgIds ?? [];
          events.push({ kind: 'state-info', msgIds: ids, info: o.info });
          events.push({ kind: 'result', id: p.id, result: o });
        }
        return;
      }
      case 'msgs_all_info':
        events.push({ kind: 'state-info', msgIds: o.msgIds, info: o.info });
        return;
      case 'msg_detailed_info':
      case 'msg_new_detailed_info':
        // The answer exists: ack it if we have it, else ask for it again.
        if (this.received.has(o.answerMsgId)) this.ack(o.answerMsgId);
        else this.service.push(this.serviceMessage({ _: 'msg_resend_req', msgIds: [o.answerMsgId] }));
        return;
      case 'msg_resend_req':
      case 'msg_resend_ans_req':
        for (const id of o.msgIds) {
          const p = this.sent.get(id);
          if (p && !this.queue.includes(p)) {
            this.sent.delete(id);
            this.queue.push(p);
          }
        }
        return;
      case 'destroy_session_ok':
      case 'destroy_session_none':
        return;
      default:
        if (typeOf(o._) === 'Updates') events.push({ kind: 'updates', updates: o as tl.TypeUpdates });
    }
  }

  /**
   * A bad_msg_notification 16/17 (alone or in a container) must get through the time check that a
   * skewed clock fails: its msg_key already proved it comes from the holder of the auth key.
   */
  private isClockFix(body: Uint8Array): boolean {
    if (peekId(body) === MSG_CONTAINER) {
      try {
        return unpackContainer(new TlReader(body, 4)).some((m) => this.isClockFix(m.body));
      } catch {
        return false;
      }
    }
    if (peekId(body) !== 0xa7eff811 || body.length < 20) return false;
    const code = new DataView(body.buffer, body.byteOffset).getInt32(16, true);
    return code === 16 || code === 17;
  }

  /** Removes the requests a refused msg_id stood for (itself or a container's content). */
  private take(badMsgId: bigint): Pending[] {
    const ids = this.containers.get(badMsgId) ?? [badMsgId];
    this.containers.delete(badMsgId);
    const out: Pending[] = [];
    for (const id of ids) {
      const p = this.sent.get(id);
      if (p) {
        this.sent.delete(id);
        out.push(p);
      }
    }
    return out;
  }

  /** A refused message is sent again with a new msg_id (the old one was never accepted), a few times at most. */
  private requeue(badMsgId: bigint, code: number): SessionEvent[] {
    const failed: SessionEvent[] = [];
    const again: Pending[] = [];
    for (const p of this.take(badMsgId)) {
      if (++p.refusals > MAX_REFUSALS) {
        failed.push({ kind: 'error', id: p.id, error: new BadMessageError(code, p.method) });
        continue;
      }
      p.msgId = undefined;
      again.push(p);
    }
    this.queue.unshift(...again);
    return failed;
  }

  private stateOf(msgId: bigint): number {
    // msgs_state_info byte: 1 nothing known, 4 received; enough for a client to answer.
    return this.received.has(msgId) ? 4 : 1;
  }

  private ack(msgId: bigint): void {
    this.acks.push(msgId);
    this.ackDeadline ??= this.now() + ACK_DELAY_MS;
  }

  private ackMessage(): Envelope {
    const ids = this.acks.splice(0, 8192);
    if (!this.acks.length) this.ackDeadline = undefined;
    return { msgId: this.clock.next(), seqNo: this.seq.next(false), body: encode({ _: 'msgs_ack', msgIds: ids }) };
  }

  private serviceMessage(o: TlObject): Envelope {
    return { msgId: this.clock.next(), seqNo: this.seq.next(true), body: encode(o) };
  }

  private *group(messages: Envelope[]): Generator<Envelope[]> {
    let group: Envelope[] = [];
    let bytes = 0;
    for (const m of messages) {
      if (group.length && (group.length >= MAX_CONTAINER_MESSAGES || bytes + m.body.length > MAX_CONTAINER_BYTES)) {
        yield group;
        group = [];
        bytes = 0;
      }
      group.push(m);
      bytes += m.body.length + 16;
    }
    if (group.length) yield group;
  }

  private seal(m: { msgId: bigint; seqNo: number }, body: readonly Uint8Array[]): Uint8Array[] {
    return sealParts(this.authKey, this.keyId, { salt: this.salt, sessionId: this.sessionId, msgId: m.msgId, seqNo: m.seqNo }, body, true, this.random);
  }
}
