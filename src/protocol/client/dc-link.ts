import { decode, encode, methodOf, type TlObject } from '../../schema/index.js';
import { ClientHandshake, type HandshakeResult } from '../mtproto/handshake.js';
import { MsgIdClock } from '../mtproto/msg-id.js';
import { packPlain, unpackPlain } from '../mtproto/plain.js';
import { MtprotoSession, type SessionEvent } from '../mtproto/session.js';
import { TransportError, type TcpConnection, type TransportKind } from '../transport/index.js';
import { openConnection } from './connection.js';
import { ClientClosedError, RequestTimeoutError } from './errors.js';
import type { DcAddress } from './options.js';
import type { Cancellation } from './abort.js';

export interface DcLinkOptions {
  dc: DcAddress;
  transport: TransportKind;
  obfuscated: boolean;
  publicKeys: string[];
  now: () => number;
  random: (n: number) => Uint8Array;
  requestTimeout: number;
  reconnectDelay: { initial: number; max: number };
  /** A saved auth key (and what goes with it) for this DC. */
  auth?: { authKey: Uint8Array; salt?: bigint; timeOffset?: number };
  /** A new auth key was created: the client persists it. */
  onAuthKey?(auth: HandshakeResult): void;
  /** Session events that are not answers: updates, new sessions. */
  onEvent?(event: SessionEvent): void;
  /** The connection came back after a loss: updates may have been missed meanwhile. */
  onReconnect?(): void;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** When it times out (options.now's clock), and what the timeout error says. */
  deadline: number;
  timeout: number;
  request: TlObject;
  session: MtprotoSession;
  signal: Cancellation | undefined;
  onAbort: (() => void) | undefined;
}

const ONCE = { once: true };

const PING_INTERVAL_MS = 60_000;
const PING_DISCONNECT_S = 75;

/**
 * Everything the client has with one DC: its auth key, its encrypted session,
 * its connection with the timers that serve it, and the requests waiting for
 * answers. Reconnects resend what the server did not acknowledge.
 */
export class DcLink {
  readonly dcId: number;
  private authKeyValue: Uint8Array | undefined;
  private session: MtprotoSession | undefined;
  private connection: TcpConnection | undefined;
  private readonly waiters = new Map<number, Waiter>();
  /**
   * One timer for every waiter's timeout, armed for the earliest deadline:
   * a timer per request (made, and cleared at its answer) was a share of a
   * busy bot's time and garbage, for timeouts that almost never fire.
   */
  private timeoutTimer: NodeJS.Timeout | undefined;
  private timeoutAt = Infinity;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushDeadline: number | undefined;
  private flushSoon: NodeJS.Immediate | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectAttempt = 0;
  private closed = false;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: DcLinkOptions) {
    this.dcId = options.dc.id;
    this.authKeyValue = options.auth?.authKey;
  }

  get authKey(): Uint8Array | undefined {
    return this.authKeyValue;
  }

  /** Creates the auth key if needed and opens the connection, once. */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new ClientClosedError(`DC ${this.dcId}`));
    if (this.connection && !this.connection.closed) return Promise.resolve();
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<void> {
    if (!this.session) {
      const saved = this.options.auth;
      if (saved) {
        this.session = this.newSession({ authKey: saved.authKey, serverSalt: saved.salt ?? 0n, timeOffset: saved.timeOffset ?? 0 });
      } else {
        const result = await this.handshake();
        this.authKeyValue = result.authKey;
        this.options.onAuthKey?.(result);
        this.session = this.newSession(result);
      }
    }
    await this.open();
  }

  /**
   * Sends a request over this DC and resolves with its raw result. `signal`
   * gives up waiting: the promise rejects with its reason and the request is
   * forgotten (an answer that still comes is ignored).
   */
  invoke(request: TlObject, timeout = this.options.requestTimeout, signal?: Cancellation): Promise<unknown> {
    if (this.closed) return Promise.reject(new ClientClosedError(request._));
    if (!this.session) return Promise.reject(new ClientClosedError(request._, 'not connected: call connect() first'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const session = this.session;
    const id = session.send(request);
    const deadline = this.options.now() + timeout;
    const promise = new Promise<unknown>((resolve, reject) => {
      // One shape for every waiter, with or without a signal (a reply from a handler has one).
      const waiter: Waiter = { resolve, reject, deadline, timeout, request, session, signal: undefined, onAbort: undefined };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          this.forget(id);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, ONCE);
      }
      this.waiters.set(id, waiter);
    });
    this.armTimeouts(deadline);
    this.scheduleFlush();
    return promise;
  }

  /** Arms the shared timeout timer for `deadline` if it comes before the one armed. */
  private armTimeouts(deadline: number): void {
    if (deadline >= this.timeoutAt) return;
    clearTimeout(this.timeoutTimer);
    this.timeoutAt = deadline;
    this.timeoutTimer = setTimeout(() => this.expire(), Math.max(0, deadline - this.options.now()));
  }

  /** Fails the waiters past their deadline with RequestTimeoutError, and arms the timer for the next one. */
  private expire(): void {
    this.timeoutTimer = undefined;
    this.timeoutAt = Infinity;
    const now = this.options.now();
    let next = Infinity;
    for (const [id, w] of this.waiters) {
      if (w.deadline <= now) {
        const msgId = w.session.msgIdOf(id);
        this.forget(id);
        w.reject(new RequestTimeoutError(methodOf(w.request), w.timeout, msgId));
      } else if (w.deadline < next) next = w.deadline;
    }
    if (next !== Infinity) this.armTimeouts(next);
  }

  /** Stops waiting for request `id`: its timer and abort listener go, and the session forgets it. */
  private forget(id: number): void {
    const w = this.waiters.get(id);
    if (w) this.release(id, w);
    this.session?.cancel(id);
  }

  private release(id: number, w: Waiter): void {
    this.waiters.delete(id);
    // The shared timeout timer stays armed: when it fires early for a waiter that went, it re-arms for the next.
    if (this.waiters.size === 0) {
      clearTimeout(this.timeoutTimer);
      this.timeoutTimer = undefined;
      this.timeoutAt = Infinity;
    }
    if (w.onAbort) w.signal!.removeEventListener('abort', w.onAbort);
  }

  /**
   * Asks the server what became of one of our messages (msgs_state_req): the
   * spec's state byte, whose low bits say 1 unknown, 2 or 3 never received, 4 received.
   */
  async messageState(msgId: bigint, timeout = this.options.requestTimeout): Promise<number> {
    const info = (await this.invoke({ _: 'msgs_state_req', msgIds: [msgId] }, timeout)) as { info: Uint8Array };
    return info.info[0] ?? 1;
  }

  /** The salt and clock offset now in use, for saving with the auth key. */
  state(): { salt: bigint; timeOffset: number } | undefined {
    return this.session && { salt: this.session.salt, timeOffset: this.session.clock.offset };
  }

  close(reason = 'the client was closed'): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearImmediate(this.flushSoon);
    clearInterval(this.pingTimer);
    clearTimeout(this.reconnectTimer);
    if (this.session) this.dispatch(this.session.abortAll(reason));
    clearTimeout(this.timeoutTimer);
    this.connection?.close();
    this.connection = undefined;
  }

  private newSession(auth: Pick<HandshakeResult, 'authKey' | 'serverSalt' | 'timeOffset'>): MtprotoSession {
    return new MtprotoSession({ authKey: auth.authKey, salt: auth.serverSalt, timeOffset: auth.timeOffset, now: this.options.now, random: this.options.random });
  }

  private transportOptions() {
    const { dc, transport, obfuscated, random } = this.options;
    return { host: dc.host, port: dc.port, transport, obfuscated, dcId: dc.id, random };
  }

  /** Creates an auth key over a connection of its own, in plain messages. */
  private handshake(): Promise<HandshakeResult> {
    const { now, random, publicKeys } = this.options;
    const hs = new ClientHandshake({ publicKeys, dcId: this.dcId, now, random });
    const clock = new MsgIdClock(now);
    return new Promise<HandshakeResult>((resolve, reject) => {
      let connection: TcpConnection | undefined;
      let done = false;
      const finish = (error?: Error, result?: HandshakeResult) => {
        if (done) return;
        done = true;
        connection?.close();
        if (error) reject(error);
        else resolve(result!);
      };
      const send = (request: TlObject) => connection!.send(packPlain(clock.next(), encode(request)));
      openConnection({
        ...this.transportOptions(),
        onPayload: (payload) => {
          try {
            const next = hs.step(decode(unpackPlain(payload, 'server').body));
            if (next.kind === 'done') finish(undefined, next.result);
            else send(next.request);
          } catch (e) {
            finish(e as Error);
          }
        },
        onClose: (error) => finish(error ?? new TransportError('closed', `DC ${this.dcId} closed the connection during the handshake`)),
      }).then((c) => {
        connection = c;
        if (done) return c.close();
        send(hs.start());
      }, finish);
    });
  }

  /** Opens the encrypted session's connection; requests not yet acknowledged go out again. */
  private async open(): Promise<void> {
    const session = this.session!;
    const connection = await openConnection({
      ...this.transportOptions(),
      onPayload: (payload) => {
        // The payload is the transport's fresh frame, used by nothing else: decrypted in place.
        this.dispatch(session.receive(payload, true));
        this.scheduleFlush();
      },
      onClose: (error) => this.onDisconnect(connection, error),
    });
    if (this.closed) return connection.close();
    this.connection = connection;
    if (this.reconnectAttempt > 0) this.options.onReconnect?.();
    this.reconnectAttempt = 0;
    session.resendUnacknowledged();
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), PING_INTERVAL_MS);
    this.pingTimer.unref();
    this.flush();
  }

  private ping(): void {
    if (!this.session || !this.connection) return;
    const pingId = new DataView(Uint8Array.from(this.options.random(8)).buffer).getBigInt64(0, true);
    // ping_delay_disconnect: the server drops the connection if the next ping is late, so a dead link is noticed.
    this.session.send({ _: 'ping_delay_disconnect', pingId, disconnectDelay: PING_DISCONNECT_S });
    this.flush();
  }

  private onDisconnect(connection: TcpConnection, error?: TransportError): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    if (this.closed) return;
    if (error && !error.retryable) {
      // -404 and the like: the same connection again cannot work; fail what waits instead of looping.
      if (this.session) this.dispatch(this.session.abortAll(error.message));
      return;
    }
    this.scheduleReconnect();
  }

  /** Reconnects after a jittered, growing delay, so many clients do not return in step. */
  private scheduleReconnect(): void {
    const { initial, max } = this.options.reconnectDelay;
    const base = Math.min(max, initial * 2 ** this.reconnectAttempt++);
    const delay = base / 2 + (this.options.random(1)[0] / 255) * (base / 2);
    this.reconnectTimer = setTimeout(() => {
      this.open().catch(() => {
        if (!this.closed) this.scheduleReconnect();
      });
    }, delay);
  }

  /**
   * Flushes once the current turn of the event loop is done: the requests
   * made and the frames received meanwhile (many handlers answering the
   * updates of one read) go out as one container in one socket write.
   */
  private scheduleFlush(): void {
    this.flushSoon ??= setImmediate(() => {
      this.flushSoon = undefined;
      this.flush();
    });
  }

  /** Sends whatever the session has ready, and arms the timer for its next deadline. */
  private flush(): void {
    if (!this.session || !this.connection || this.connection.closed) return;
    for (const frame of this.session.flushParts()) this.connection.send(frame);
    const deadline = this.session.nextDeadline();
    // The same deadline keeps its timer: acks pending across many flushes arm one timer, not one each.
    if (deadline === this.flushDeadline) return;
    clearTimeout(this.flushTimer);
    this.flushDeadline = deadline;
    if (deadline !== undefined) {
      this.flushTimer = setTimeout(() => {
        this.flushDeadline = undefined;
        this.flush();
      }, Math.max(0, deadline - this.options.now()));
      this.flushTimer.unref();
    }
  }

  private dispatch(events: SessionEvent[]): void {
    for (const e of events) {
      if (e.kind === 'result' || e.kind === 'error') {
        const w = this.waiters.get(e.id);
        if (!w) continue;
        this.release(e.id, w);
        if (e.kind === 'result') w.resolve(e.result);
        else w.reject(e.error);
      } else {
        this.options.onEvent?.(e);
      }
    }
  }
}
