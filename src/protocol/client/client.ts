import { randomBytes as nodeRandom } from 'node:crypto';
import { decode, encode, LAYER, type TlObject, type tl } from '../../schema/index.js';
import { ClientHandshake, type HandshakeResult } from '../mtproto/handshake.js';
import { MsgIdClock } from '../mtproto/msg-id.js';
import { packPlain, unpackPlain } from '../mtproto/plain.js';
import { MtprotoSession, type SessionEvent } from '../mtproto/session.js';
import { TransportError, type TcpConnection } from '../transport/index.js';
import { openConnection } from './connection.js';
import { ClientClosedError, RequestTimeoutError } from './errors.js';
import type { ClientOptions, DcAddress } from './options.js';

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const PING_INTERVAL_MS = 60_000;
const PING_DISCONNECT_S = 75;

/**
 * The MTProto client, first cut: one home DC, an auth key from the handshake,
 * one encrypted session, typed `invoke`, reconnects that resend what the
 * server did not acknowledge, and a `close()` that leaves nothing running.
 */
export class Client {
  /** Set by connect(): the server's config from invokeWithLayer(initConnection(help.getConfig)). */
  config: tl.Config | undefined;
  private readonly options: ClientOptions;
  private readonly now: () => number;
  private readonly random: (n: number) => Uint8Array;
  private readonly dc: DcAddress;
  private authKeyValue: Uint8Array | undefined;
  private session: MtprotoSession | undefined;
  private connection: TcpConnection | undefined;
  private readonly waiters = new Map<number, Waiter>();
  private flushTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectAttempt = 0;
  private closed = false;
  private connecting: Promise<void> | undefined;

  constructor(options: ClientOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? ((n) => nodeRandom(n));
    const dc = options.dcs.find((d) => d.id === (options.dcId ?? options.dcs[0]?.id));
    if (!dc) throw new TypeError(`Client: no address for DC ${options.dcId ?? '(none given)'} in options.dcs`);
    this.dc = dc;
    this.authKeyValue = options.authKey;
  }

  /** The auth key of the home DC, once connect() has made or reused one. */
  get authKey(): Uint8Array | undefined {
    return this.authKeyValue;
  }

  /** Connects, creates an auth key if there is none, and sends initConnection. */
  async connect(): Promise<void> {
    if (this.closed) throw new ClientClosedError('connect');
    this.connecting ??= this.establish();
    try {
      await this.connecting;
    } finally {
      this.connecting = undefined;
    }
    this.config = (await this.invoke({
      _: 'invokeWithLayer',
      layer: LAYER,
      query: {
        _: 'initConnection',
        apiId: this.options.apiId,
        deviceModel: this.options.deviceModel ?? 'layer',
        systemVersion: this.options.systemVersion ?? `node ${process.version}`,
        appVersion: this.options.appVersion ?? '0.1.0',
        systemLangCode: this.options.langCode ?? 'en',
        langPack: '',
        langCode: this.options.langCode ?? 'en',
        query: { _: 'help.getConfig' },
      },
    })) as tl.Config;
  }

  /** Sends a request and resolves with its result, typed by the request. */
  invoke<R extends tl.AnyRequest>(request: R, options: { timeout?: number } = {}): Promise<tl.ResultOf<R>> {
    if (this.closed) return Promise.reject(new ClientClosedError(request._));
    if (!this.session) return Promise.reject(new ClientClosedError(request._, 'not connected: call connect() first'));
    const id = this.session.send(request as TlObject);
    const timeout = options.timeout ?? this.options.requestTimeout ?? 30_000;
    const promise = new Promise<tl.ResultOf<R>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        this.session?.cancel(id);
        reject(new RequestTimeoutError(request._, timeout));
      }, timeout);
      this.waiters.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    });
    this.flush();
    return promise;
  }

  /** Closes the connection and fails what is pending; nothing keeps running afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearInterval(this.pingTimer);
    clearTimeout(this.reconnectTimer);
    if (this.session) this.dispatch(this.session.abortAll('the client was closed'));
    this.connection?.close();
    this.connection = undefined;
  }

  private async establish(): Promise<void> {
    if (!this.authKeyValue) {
      const result = await this.handshake();
      this.authKeyValue = result.authKey;
      this.session = this.newSession(result);
    } else {
      this.session ??= this.newSession({ authKey: this.authKeyValue, serverSalt: 0n, timeOffset: 0 });
    }
    await this.open();
  }

  private newSession(auth: Pick<HandshakeResult, 'authKey' | 'serverSalt' | 'timeOffset'>): MtprotoSession {
    return new MtprotoSession({ authKey: auth.authKey, salt: auth.serverSalt, timeOffset: auth.timeOffset, now: this.now, random: this.random });
  }

  /** Creates an auth key over a connection of its own, in plain messages. */
  private async handshake(): Promise<HandshakeResult> {
    const hs = new ClientHandshake({ publicKeys: this.options.rsaKeys.map((k) => k.pem), dcId: this.dc.id, now: this.now, random: this.random });
    const clock = new MsgIdClock(this.now);
    return new Promise<HandshakeResult>((resolve, reject) => {
      let connection: TcpConnection | undefined;
      const fail = (e: Error) => {
        connection?.close();
        reject(e);
      };
      const send = (request: TlObject) => connection!.send(packPlain(clock.next(), encode(request)));
      openConnection({
        ...this.transportOptions(),
        onPayload: (payload) => {
          try {
            const next = hs.step(decode(unpackPlain(payload, 'server').body));
            if (next.kind === 'done') {
              connection!.close();
              resolve(next.result);
            } else send(next.request);
          } catch (e) {
            fail(e as Error);
          }
        },
        onClose: (error) => reject(error ?? new TransportError('closed', 'the server closed the connection during the handshake')),
      }).then((c) => {
        connection = c;
        send(hs.start());
      }, reject);
    });
  }

  private transportOptions() {
    return {
      host: this.dc.host,
      port: this.dc.port,
      transport: this.options.transport ?? 'intermediate',
      obfuscated: this.options.obfuscated ?? false,
      dcId: this.dc.id,
      random: this.random,
    } as const;
  }

  /** Opens the encrypted session's connection; requests not yet acknowledged go out again. */
  private async open(): Promise<void> {
    const session = this.session!;
    const connection = await openConnection({
      ...this.transportOptions(),
      onPayload: (payload) => {
        this.dispatch(session.receive(payload));
        this.flush();
      },
      onClose: (error) => this.onDisconnect(connection, error),
    });
    if (this.closed) return connection.close();
    this.connection = connection;
    this.reconnectAttempt = 0;
    session.resendUnacknowledged();
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), PING_INTERVAL_MS);
    this.pingTimer.unref();
    this.flush();
  }

  private ping(): void {
    if (!this.session || !this.connection) return;
    const pingId = new DataView(Uint8Array.from(this.random(8)).buffer).getBigInt64(0, true);
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
    const { initial, max } = this.options.reconnectDelay ?? { initial: 250, max: 10_000 };
    const base = Math.min(max, initial * 2 ** this.reconnectAttempt++);
    const delay = base / 2 + (this.random(1)[0] / 255) * (base / 2);
    this.reconnectTimer = setTimeout(() => {
      this.open().catch(() => {
        if (!this.closed) this.scheduleReconnect();
      });
    }, delay);
  }

  /** Sends whatever the session has ready, and arms the timer for its next deadline. */
  private flush(): void {
    if (!this.session || !this.connection || this.connection.closed) return;
    for (const frame of this.session.flush()) this.connection.send(frame);
    clearTimeout(this.flushTimer);
    const deadline = this.session.nextDeadline();
    if (deadline !== undefined) {
      this.flushTimer = setTimeout(() => this.flush(), Math.max(0, deadline - this.now()));
      this.flushTimer.unref();
    }
  }

  private dispatch(events: SessionEvent[]): void {
    for (const e of events) {
      if (e.kind === 'result' || e.kind === 'error') {
        const w = this.waiters.get(e.id);
        if (!w) continue;
        this.waiters.delete(e.id);
        clearTimeout(w.timer);
        if (e.kind === 'result') w.resolve(e.result);
        else w.reject(e.error);
      }
    }
  }
}
