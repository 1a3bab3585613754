import 'reflect-metadata';
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { Client } from '../../protocol/client/client.js';
import type { ClientOptions } from '../../protocol/client/options.js';
import { MemorySessionStore, SqliteSessionStore, type SessionStore } from '../../protocol/storage/index.js';
import { compose, run } from '../composer/compose.js';
import type { Middleware } from '../composer/types.js';
import { BotConfig, validateConfig } from '../config/config.js';
import type { Context } from '../context/context.js';
import { makeContext } from '../context/make.js';
import { botContainer, registerHandlerClass, registerProvider, type Provider } from '../di/containers.js';
import { UpdateScope } from '../di/update-scope.js';
import { CLIENT, CONFIG, LAYER_BOT, SESSION_STORE } from '../di/tokens.js';
import { ConfigError, FrameworkError, HandlerError, HandlerTimeoutError } from '../errors.js';
import { buildEvent, type AnyEvent, type EventSource } from '../events/events.js';
import { EVENT_UPDATES } from '../events/kinds.js';
import type { tl } from '../../schema/index.js';
import { PeerCache } from '../events/peers.js';
import { statusEvents, type StatusEvent } from '../events/status.js';
import { compileClass } from '../scanner/compile.js';
import { scan, type HandlerClass } from '../scanner/scan.js';
import { Dispatcher, type DispatcherStats } from './dispatcher.js';
import type { HandlerRun } from './handler-run.js';
import { consoleLogger, type Logger } from './logger.js';

export interface LayerBotOptions<C extends BotConfig = BotConfig> {
  /** Validated at create: a BotConfig (or subclass) instance, or a plain object for BotConfig. */
  config: C | (Partial<BotConfig> & Record<string, unknown>);
  /** Handler classes; each scanned once and compiled into middleware. */
  handlers?: HandlerClass[];
  /** Runs before every handler, in this order. */
  middleware?: Middleware<Context>[];
  /** Services for the bot's container. */
  providers?: Provider[];
  /** Options of `new Client` (dcs, rsaKeys, session, ...); apiId and apiHash come from the config. */
  client?: Partial<ClientOptions>;
  logger?: Logger;
}

type BotState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * A bot: the Client, the typed events built from its updates, the compiled
 * handlers and middleware, and the DI container they resolve from.
 *
 * ```ts
 * const bot = LayerBot.create({ config: { apiId, apiHash, botToken }, handlers: [GreeterHandler] });
 * await bot.start();
 * // ...
 * await bot.stop();
 * ```
 */
export class LayerBot {
  readonly config: BotConfig;
  /** The bot's container: Client, SessionStore, config, providers. */
  readonly container: DependencyContainer;
  private readonly eventsSubject = new Subject<AnyEvent | StatusEvent>();
  private readonly errorsSubject = new Subject<HandlerError>();
  /** Every typed event in the order received, and the client's and the bot's status events. */
  readonly events$: Observable<AnyEvent | StatusEvent> = this.eventsSubject.asObservable();
  /** Errors no @Catch took. Without a subscriber they are logged. */
  readonly errors$: Observable<HandlerError> = this.errorsSubject.asObservable();
  private readonly peers = new PeerCache();
  private readonly pipeline: Middleware<Context>;
  private readonly logger: Logger;
  private readonly clientOptions: Partial<ClientOptions>;
  private clientInstance: Client | undefined;
  private store: SessionStore | undefined;
  private ownsStore = false;
  private dispatcher: Dispatcher | undefined;
  private readonly subscriptions: Subscription[] = [];
  private state: BotState = 'created';

  private constructor(options: LayerBotOptions) {
    this.logger = options.logger ?? consoleLogger;
    const type = options.config instanceof BotConfig ? (options.config.constructor as new () => BotConfig) : BotConfig;
    this.config = validateConfig(options.config as BotConfig, type);
    this.clientOptions = options.client ?? {};
    if (!Array.isArray(this.clientOptions.dcs) || this.clientOptions.dcs.length === 0 || !Array.isArray(this.clientOptions.rsaKeys)) {
      throw new ConfigError([{ field: 'client.dcs', message: 'no DC addresses or RSA keys to connect to', fix: "pass client: { dcs, rsaKeys } (Telegram's, see the README) or spread an emulator's clientOptions()" }]);
    }
    this.container = botContainer();
    this.container.register(LAYER_BOT, { useValue: this });
    this.container.register(LayerBot as unknown as InjectionToken<LayerBot>, { useValue: this });
    this.container.register(CONFIG, { useValue: this.config });
    if (type !== BotConfig) this.container.register(type, { useValue: this.config });
    this.container.register(BotConfig, { useValue: this.config });
    this.container.register(CLIENT, { useFactory: () => this.client });
    this.container.register(Client, { useFactory: () => this.client });
    this.container.register(SESSION_STORE, { useFactory: () => this.sessionStore });
    for (const provider of options.providers ?? []) registerProvider(this.container, provider);
    // Scanned and compiled once, here: a misused decorator fails at create, and no update reads metadata.
    const compiled = (options.handlers ?? []).map((cls) => {
      const definition = scan(cls);
      return compileClass(definition, registerHandlerClass(this.container, cls));
    });
    this.pipeline = compose([...(options.middleware ?? []), ...compiled]);
  }

  /** Validates the config (ConfigError), scans the handlers (DecoratorError); connects nothing yet. */
  static create<C extends BotConfig>(options: LayerBotOptions<C>): LayerBot {
    return new LayerBot(options as LayerBotOptions);
  }

  /** The Client; exists once start() has begun. */
  get client(): Client {
    if (!this.clientInstance) throw new FrameworkError('bot.client exists once start() has begun');
    return this.clientInstance;
  }

  get sessionStore(): SessionStore {
    if (!this.store) throw new FrameworkError('bot.sessionStore exists once start() has begun');
    return this.store;
  }

  /** Queue and concurrency counters (for tests and metrics). */
  get stats(): DispatcherStats | undefined {
    return this.dispatcher?.stats;
  }

  /**
   * Connects, logs in with the bot token (or resumes the session's login), and
   * starts handling updates.
   */
  async start(): Promise<void> {
    if (this.state !== 'created') throw new FrameworkError(`start(): the bot is ${this.state}`);
    this.state = 'starting';
    const config = this.config;
    const session = this.clientOptions.session;
    if (typeof session === 'string') {
      this.store = await SqliteSessionStore.open(session);
      this.ownsStore = true;
    } else if (session) this.store = session;
    else {
      this.store = new MemorySessionStore();
      this.ownsStore = true;
    }
    const client = new Client({ ...this.clientOptions, dcs: this.clientOptions.dcs!, rsaKeys: this.clientOptions.rsaKeys!, apiId: config.apiId, apiHash: config.apiHash, session: this.store });
    this.clientInstance = client;
    this.dispatcher = new Dispatcher({
      concurrency: config.concurrency ?? 256,
      timeoutMs: config.handlerTimeoutMs ?? 30_000,
      highWaterMark: config.highWaterMark ?? 10_000,
      handle: (event, run) => this.handle(event, run),
      onBackpressure: (event) => {
        this.eventsSubject.next(event);
        // Intake slows for real: the client leaves updates on the server until the handlers catch up.
        if (event.state === 'high') {
          client.pauseUpdates();
          this.logger.warn(`handlers fell behind: ${event.pending} updates waiting (high-water mark ${event.highWaterMark}); intake paused, none is dropped`);
        } else {
          client.resumeUpdates();
          this.logger.info(`handlers caught up: ${event.pending} updates waiting; intake resumed`);
        }
      },
    });
    // Subscribed before logging in: the first updates come right after it.
    this.subscriptions.push(
      client.updates$.subscribe((raw) => this.intake(raw)),
      client.events$.subscribe((e) => {
        for (const s of statusEvents(e)) this.eventsSubject.next(s);
      }),
    );
    try {
      await client.connect();
      if (!client.self) {
        if (!config.botToken) throw new ConfigError([{ field: 'botToken', message: 'missing, and the session is not logged in', fix: 'set botToken to the token from @BotFather, or start from a session that is logged in' }]);
        await client.signInBot(config.botToken);
      }
      // Before the engine knows where updates stand, a new one could not be told from one already seen.
      await client.updatesReady();
    } catch (error) {
      await this.shutdown();
      throw error;
    }
    this.state = 'running';
    this.logger.info(`logged in as @${client.self?.username ?? client.self?.id}`);
  }

  /**
   * Graceful stop: takes no new updates, lets the handlers already given an
   * update finish (up to `timeoutMs`, default the config's stopTimeoutMs or
   * 10 s; then their signals are aborted), saves the session and closes every
   * socket.
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    const outcome = await this.dispatcher?.stop(options.timeoutMs ?? this.config.stopTimeoutMs ?? 10_000);
    if (outcome && (outcome.aborted || outcome.abandoned)) {
      this.logger.warn(`stop: ${outcome.aborted} handlers aborted at the deadline, ${outcome.abandoned} updates not handled`);
    }
    await this.shutdown();
  }

  private async shutdown(): Promise<void> {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    await this.clientInstance?.close();
    if (this.ownsStore) await this.store?.close();
    else await this.store?.flush();
    await this.container.dispose();
    this.state = 'stopped';
    this.eventsSubject.complete();
    this.errorsSubject.complete();
  }

  private intake(raw: EventSource): void {
    // The bot's own messages (every answer comes back as one): with nobody watching events$ and
    // no handler to give them to, only their peers are kept; no event is built.
    if (!this.config.handleOutgoing && !this.eventsSubject.observed && isOwnMessage(raw.update)) {
      this.peers.add(raw.users, raw.chats);
      return;
    }
    let event: AnyEvent;
    try {
      event = buildEvent(raw, this.peers);
    } catch (error) {
      this.logger.error(`could not make an event of ${raw.update?._}; it is skipped`, error);
      return;
    }
    this.eventsSubject.next(event);
    if (!this.config.handleOutgoing && isOutgoing(event)) return;
    this.dispatcher?.push(event);
  }

  /**
   * Runs the pipeline for one event; never rejects. A plain promise chain,
   * not an async function: it runs once per update, and an async frame held
   * across the handler's wait is what the garbage collector copies.
   */
  private handle(event: AnyEvent, handlerRun: HandlerRun): Promise<void> {
    const scope = new UpdateScope(this.client, this.container, handlerRun);
    let running: Promise<void>;
    try {
      const ctx = (scope.ctx = makeContext(event, scope));
      handlerRun.onAbort = this.onAbort;
      handlerRun.ctx = ctx;
      running = run(this.pipeline, ctx);
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.then(
      () => this.endScope(scope),
      (error: unknown) => {
        this.report(error, scope.ctx ?? event);
        this.endScope(scope);
      },
    );
  }

  /** A handler past its timeout is reported with its context (a stop's abort is not an error). */
  private readonly onAbort = (reason: Error, run: HandlerRun): void => {
    if (reason instanceof HandlerTimeoutError) this.report(reason, run.ctx);
  };

  private endScope(scope: UpdateScope): void {
    const disposing = scope.dispose();
    if (disposing) disposing.catch((error: unknown) => this.logger.error('disposing an update container failed', error));
  }

  /** An error no @Catch took: to errors$ if anyone listens, else to the log. */
  private report(error: unknown, ctx: unknown): void {
    const wrapped = error instanceof HandlerError ? error : new HandlerError(error, ctx);
    if (this.errorsSubject.observed) this.errorsSubject.next(wrapped);
    else this.logger.error(wrapped.message, error);
  }
}

/** The updates that make NewMessage and MessageEdited events (read from the tree of kinds). */
const MESSAGE_UPDATES: ReadonlySet<string> = new Set([...EVENT_UPDATES.NewMessage, ...EVENT_UPDATES.MessageEdited]);

/** A new or edited message (not a service message) the account sent: what becomes an outgoing NewMessage or MessageEdited. */
function isOwnMessage(update: EventSource['update']): boolean {
  if (!MESSAGE_UPDATES.has(update._)) return false;
  const message = (update as { message: tl.TypeMessage }).message;
  return message._ === 'message' && message.out === true;
}

/** The account's own message, edit or service message. */
function isOutgoing(event: AnyEvent): boolean {
  if (event.kind === 'NewMessage' || event.kind === 'MessageEdited') return event.outgoing;
  return event.kind === 'ChatAction' && event.message.out === true;
}
