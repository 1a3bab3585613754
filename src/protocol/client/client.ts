import { randomBytes } from '../crypto/index.js';
import { Subject, type Observable } from 'rxjs';
import { LAYER, methodOf, type TlObject, type tl } from '../../schema/index.js';
import { RpcError } from '../mtproto/errors.js';
import { FloodWaitError, MigrateError, UnauthorizedError } from '../mtproto/rpc-errors.js';
import { DcLink, type DcLinkOptions } from './dc-link.js';
import { TransferLinks } from './files/link-pool.js';
import * as files from './files/index.js';
import type { Writable } from 'node:stream';
import { ClientClosedError, RequestTimeoutError } from './errors.js';
import type { ClientEvent } from './events.js';
import type { ClientOptions, DcAddress } from './options.js';
import { isReadOnly, TRANSIENT_RETRIES } from './retry.js';
import { signInBot } from './auth/bot.js';
import { sendCode, signIn, signUp, type SentCode } from './auth/phone.js';
import { checkPassword } from './auth/password.js';
import { signInWithQr, type QrLoginOptions } from './auth/qr.js';
import { UpdatesDriver } from './updates-driver.js';
import { abortable } from './abort.js';
import { peerEntries } from './peers.js';
import { markedPeerId, MemorySessionStore, SqliteSessionStore, type SessionStore } from '../storage/index.js';
import { peersIn } from './methods/peers/collect.js';
import * as methods from './methods/index.js';
import type { FormattedText } from './text/index.js';
import type { UpdateEvent, UpdatesState } from '../updates/index.js';
import type { Cancellation } from './abort.js';

/** What a call's retries have changed: the DC it now goes to, and transient failures retried so far. */
interface RetryState {
  dcId: number | undefined;
  transient: number;
}

export interface InvokeOptions {
  /** Send to this DC instead of the home DC (auth is carried over with export/importAuthorization). */
  dcId?: number;
  timeout?: number;
  /** Give up waiting; the request is forgotten (its answer, if any, ignored). */
  signal?: Cancellation;
  /** Send over extra link `connection` of the DC (a session of its own on the same auth key), as file transfers do. */
  connection?: number;
}

/**
 * The MTProto client: a link per DC (auth key, session, connection), the home
 * DC moved by *_MIGRATE errors, authorization carried to other DCs, flood waits
 * slept through below a threshold and thrown above it, read-only requests
 * retried after transient failures, and a `close()` that leaves nothing running.
 */
export class Client {
  /** Set by connect(): the server's config from invokeWithLayer(initConnection(help.getConfig)). */
  config: tl.Config | undefined;
  /** The logged-in user, once a sign-in succeeded. */
  self: tl.User | undefined;
  private readonly options: ClientOptions;
  private readonly now: () => number;
  private readonly random: (n: number) => Uint8Array;
  private readonly links = new Map<number, DcLink>();
  /** Extra links per DC for file transfers, and the CDN DCs' links (see files/link-pool.ts). */
  readonly transfers: TransferLinks;
  /** Links whose session has sent initConnection, and links that carry the authorization. */
  private readonly initialized = new Map<number, Promise<unknown>>();
  /** DCs whose initConnection has succeeded: calls to them need not wait on `initialized`. */
  private readonly ready = new Set<number>();
  private readonly authorized = new Map<number, Promise<unknown>>();
  private readonly eventsSubject = new Subject<ClientEvent>();
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; reject(e: Error): void }>();
  private homeDc: number;
  private closed = false;

  /** Flood waits, home-DC moves, retries, new auth keys and raw updates, as they happen. */
  readonly events$: Observable<ClientEvent> = this.eventsSubject.asObservable();
  private readonly updatesSubject = new Subject<UpdateEvent>();
  private updatesDriver: UpdatesDriver | undefined;
  private updatesPaused = false;
  private readonly knownUsers = new Set<bigint>();
  private updatesReadyPromise: Promise<void> | undefined;
  private markUpdatesReady: (() => void) | undefined;
  /** Channel access hashes seen in updates or loaded from the store, for getChannelDifference. */
  private readonly channelHashes = new Map<bigint, bigint>();
  /** Where the session is kept: given, or opened from a path by connect(). */
  private store: SessionStore | undefined;
  private ownsStore = false;
  /**
   * Updates once logged in: gap-free (getDifference fills holes), in pts order,
   * each exactly once, with the users and chats that came with them.
   */
  readonly updates$: Observable<UpdateEvent> = this.updatesSubject.asObservable();

  constructor(options: ClientOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? randomBytes;
    if (typeof options.session === 'object') this.store = options.session;
    else if (options.session === undefined) {
      // Always a peer cache: without a store given, one in memory (kept for this client's life only).
      this.store = new MemorySessionStore();
      this.ownsStore = true;
    }
    this.homeDc = this.store?.homeDc() ?? options.dcId ?? options.dcs[0]?.id;
    if (!options.dcs.some((d) => d.id === this.homeDc)) {
      throw new TypeError(`Client: no address for DC ${options.dcId ?? '(none given)'} in options.dcs`);
    }
    this.transfers = new TransferLinks(
      {
        linkOptions: (dcId) => this.linkOptions(dcId),
        mainLink: async (dcId) => {
          await this.initialize(dcId);
          if (dcId !== this.homeDc && this.self) await this.carryAuthorization(dcId);
          return this.link(dcId);
        },
        initConnection: (link) => this.initConnection(link),
        config: () => this.config,
        cdnConfig: () => this.invoke({ _: 'help.getCdnConfig' }) as Promise<tl.CdnConfig>,
      },
      options.connections ?? 4,
    );
  }

  /** The home DC: where the account lives (moved by PHONE/USER/NETWORK_MIGRATE). */
  get dcId(): number {
    return this.homeDc;
  }

  /** The auth key of the home DC, once connect() has made or reused one. */
  get authKey(): Uint8Array | undefined {
    return this.links.get(this.homeDc)?.authKey ?? (this.homeDc === (this.options.dcId ?? this.options.dcs[0]?.id) ? this.options.authKey : undefined);
  }

  /** Connects to the home DC, creates an auth key if there is none, and sends initConnection. */
  async connect(): Promise<void> {
    if (this.closed) throw new ClientClosedError('connect');
    if (typeof this.options.session === 'string' && !this.store) {
      // A path: the embedded default, a SQLite file this client opens and closes.
      this.store = await SqliteSessionStore.open(this.options.session);
      this.ownsStore = true;
      this.homeDc = this.store.homeDc() ?? this.homeDc;
    }
    const saved = this.store?.dc(this.homeDc)?.authKey !== undefined;
    this.config = (await this.initialize(this.homeDc)) as tl.Config;
    if (saved) await this.resumeLogin();
  }

  /** A stored auth key may be logged in already: ask who we are, and resume updates if so. */
  private async resumeLogin(): Promise<void> {
    try {
      const [me] = await this.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
      if (me?._ === 'user') this.setAuthorization({ _: 'auth.authorization', user: me });
    } catch (e) {
      if (!(e instanceof UnauthorizedError)) throw e;
    }
  }

  /** Sends a request and resolves with its result, typed by the request. */
  invoke<R extends tl.AnyRequest>(request: R, options: InvokeOptions = {}): Promise<tl.ResultOf<R>> {
    const target = options.dcId ?? this.homeDc;
    // The common case, a call to the ready home DC, goes straight out: no async frame and no
    // extra promise per await; any failure continues in the retrying loop, as a first attempt would.
    if (!this.closed && target === this.homeDc && options.connection === undefined && this.ready.has(target)) {
      const sent = this.link(target).invoke(request as TlObject, options.timeout, options.signal).then(
        (result) => this.settled(request, target, result),
        (error: unknown) => {
          const retry: RetryState = { dcId: options.dcId, transient: 0 };
          return this.recover(request, options, retry, target, error).then(() => this.retrying(request, options, retry));
        },
      );
      return sent as Promise<tl.ResultOf<R>>;
    }
    return this.retrying(request, options, { dcId: options.dcId, transient: 0 }) as Promise<tl.ResultOf<R>>;
  }

  private async retrying(request: tl.AnyRequest, options: InvokeOptions, retry: RetryState): Promise<unknown> {
    for (;;) {
      if (this.closed) throw new ClientClosedError(request._);
      const target = retry.dcId ?? this.homeDc;
      try {
        if (!this.ready.has(target)) await this.initialize(target);
        if (target !== this.homeDc && this.self) await this.carryAuthorization(target);
        const link = options.connection === undefined ? this.link(target) : await abortable(this.transfers.link(target, options.connection), options.signal);
        return this.settled(request, target, await link.invoke(request as TlObject, options.timeout, options.signal));
      } catch (error) {
        await this.recover(request, options, retry, target, error);
      }
    }
  }

  /** A result: its peers are remembered and, from the home DC, the updates engine sees it. */
  private settled(request: tl.AnyRequest, target: number, result: unknown): unknown {
    this.rememberPeers(result);
    if (target === this.homeDc) this.updatesDriver?.feedResult(request as TlObject, result);
    return result;
  }

  /** After a failed attempt: resolves when the call should be tried again (`retry` updated), or throws what the caller gets. */
  private async recover(request: tl.AnyRequest, options: InvokeOptions, retry: RetryState, target: number, error: unknown): Promise<void> {
    if (error instanceof FloodWaitError) {
      const retrying = error.seconds <= (this.options.floodSleepThreshold ?? 60);
      this.emit({ type: 'flood-wait', method: error.method, seconds: error.seconds, retrying });
      if (!retrying) throw error;
      await this.sleep(error.seconds * 1000, options.signal);
      return;
    }
    if (error instanceof MigrateError) {
      if (error.kind === 'FILE' || error.kind === 'STATS') retry.dcId = error.dc;
      else {
        this.moveHome(error.dc);
        retry.dcId = undefined; // the account lives there now: follow it, whatever DC was asked for
      }
      return;
    }
    const method = methodOf(request);
    const isTransient = error instanceof RequestTimeoutError || (error instanceof RpcError && (error.code === 500 || error.code === -503));
    // A request that changes something is resent after a timeout only if the server says it never arrived.
    const state = error instanceof RequestTimeoutError && !isReadOnly(method) ? await this.messageState(target, error.msgId) : undefined;
    if (isTransient && retry.transient < TRANSIENT_RETRIES.length && (isReadOnly(method) || state === 2 || state === 3)) {
      this.emit({ type: 'retry', method, attempt: retry.transient + 1, error: error as Error });
      await this.sleep(TRANSIENT_RETRIES[retry.transient++], options.signal);
      return;
    }
    if (error instanceof RequestTimeoutError && state === 4) throw new RequestTimeoutError(error.method, error.timeoutMs, error.msgId, true);
    throw error;
  }

  /** What the server knows of one of our messages (the low 3 bits of msgs_state_info), or undefined if it cannot say. */
  private async messageState(dcId: number, msgId: bigint | undefined): Promise<number | undefined> {
    if (msgId === undefined) return undefined;
    try {
      return (await this.link(dcId).messageState(msgId)) & 7;
    } catch {
      return undefined;
    }
  }

  /** Closes every connection and fails what is pending; nothing keeps running afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const link of this.links.values()) link.close();
    this.transfers.close();
    for (const s of this.sleeps) {
      clearTimeout(s.timer);
      s.reject(new ClientClosedError('a retry'));
    }
    this.sleeps.clear();
    this.updatesDriver?.close();
    this.markUpdatesReady?.();
    this.updatesSubject.complete();
    await this.store?.flush();
    if (this.ownsStore) await this.store?.close();
    this.eventsSubject.complete();
  }

  /** The session store: auth keys, update state and the peer cache (a MemorySessionStore when none was given). */
  get session(): SessionStore | undefined {
    return this.store;
  }

  /** Every result's users and chats go into the peer cache (and channel access hashes to the updates engine). */
  private rememberPeers(result: unknown): void {
    const { users, chats } = peersIn(result);
    if (users.length === 0 && chats.length === 0) return;
    for (const c of chats) if (c._ === 'channel' && !c.min && c.accessHash !== undefined) this.channelHashes.set(c.id, c.accessHash);
    this.noteUsers(users);
    if (this.store && !this.store.closed) this.store.putPeers(peerEntries(users, chats));
  }

  /** Users whose access hash this client holds in memory: the updates engine asks synchronously. */
  private noteUsers(users: readonly tl.TypeUser[]): void {
    for (const u of users) if (u._ === 'user' && !u.min && u.accessHash !== undefined) this.knownUsers.add(u.id);
  }

  /** Marks the client as logged in (the sign-in helpers call this with auth.authorization). */
  setAuthorization(authorization: tl.auth.TypeAuthorization): tl.User {
    if (authorization._ !== 'auth.authorization' || authorization.user._ !== 'user') {
      throw new TypeError(`expected auth.authorization with a user, got ${authorization._}`);
    }
    this.self = authorization.user;
    this.authorized.set(this.homeDc, Promise.resolve());
    this.store?.setHomeDc(this.homeDc);
    this.store?.putPeers(peerEntries([authorization.user], []));
    this.startUpdates(authorization.user);
    return authorization.user;
  }

  /** The updates engine's state (pts, qts, seq, date, channel pts), to save and pass back as `updates.state`. */
  updatesState(): UpdatesState | undefined {
    return this.updatesDriver?.state();
  }

  /**
   * Resolves once updates flow: the engine knows where the account stands
   * (getState answered, or a saved state loaded). Before that, an update
   * could not be told from one already seen; a bot starts handling after it.
   */
  updatesReady(): Promise<void> {
    if (this.options.updates === false || this.closed) return Promise.resolve();
    this.updatesReadyPromise ??= new Promise((resolve) => (this.markUpdatesReady = resolve));
    return this.updatesReadyPromise;
  }

  /**
   * Flow control for consumers that fall behind: while paused, updates the
   * server keeps are left there (getDifference fetches them on resume) and
   * only the ones it does not keep (bot queries, typing, statuses) are held,
   * so nothing is lost and memory stays flat.
   */
  pauseUpdates(): void {
    this.updatesPaused = true;
    this.updatesDriver?.pause();
  }

  resumeUpdates(): void {
    this.updatesPaused = false;
    this.updatesDriver?.resume();
  }

  private startUpdates(self: tl.User): void {
    const config = this.options.updates ?? {};
    if (config === false || this.updatesDriver) return;
    const store = this.store;
    const state = config.state ?? storedUpdatesState(store);
    // The engine asks for channel access hashes synchronously: those of the saved channels come from the store first.
    void this.loadChannelHashes(state).then(
      () => this.runUpdates(self, state, config),
      (error: unknown) => {
        this.emit({ type: 'updates-issue', issue: { kind: 'malformed', message: `cannot read channel access hashes from the session store: ${(error as Error).message}` } });
        this.runUpdates(self, state, config);
      },
    );
  }

  private async loadChannelHashes(state: UpdatesState | undefined): Promise<void> {
    const store = this.store;
    if (!store || !state) return;
    for (const id of Object.keys(state.channels)) {
      const peer = await store.peer(markedPeerId('channel', BigInt(id)));
      if (peer && !this.channelHashes.has(BigInt(id))) this.channelHashes.set(BigInt(id), peer.accessHash);
    }
  }

  private runUpdates(self: tl.User, state: UpdatesState | undefined, config: Exclude<ClientOptions['updates'], false | undefined>): void {
    if (this.closed || this.updatesDriver) return;
    const store = this.store;
    this.updatesDriver = new UpdatesDriver({
      now: this.now,
      state,
      selfId: self.id,
      isBot: self.bot ?? false,
      invoke: (request) => this.invoke(request as tl.AnyRequest),
      onState: (state) => {
        if (store) {
          store.setUpdateState({ pts: state.pts, qts: state.qts, seq: state.seq, date: state.date });
          for (const [id, pts] of Object.entries(state.channels)) store.setChannelPts(BigInt(id), pts);
        }
        config.onState?.(state);
      },
      knowsUser: (userId) => userId === self.id || this.knownUsers.has(userId),
      onPeers: (users, chats) => {
        this.noteUsers(users);
        for (const c of chats) if ((c._ === 'channel' && !c.min) || c._ === 'channelForbidden') if (c.accessHash !== undefined) this.channelHashes.set(c.id, c.accessHash);
        store?.putPeers(peerEntries(users, chats));
      },
      resolveChannel: (channelId) => {
        const accessHash = this.channelHashes.get(channelId);
        return accessHash === undefined ? undefined : { _: 'inputChannel', channelId, accessHash };
      },
      onIssue: (issue) => this.emit({ type: 'updates-issue', issue }),
    });
    this.updatesDriver.updates$.subscribe(this.updatesSubject);
    if (this.updatesPaused) this.updatesDriver.pause();
    void this.updatesDriver.ready.then(() => {
      void this.updatesReady();
      this.markUpdatesReady?.();
    });
    this.updatesDriver.start();
  }

  /** Makes `dcId` the home DC (QR login's loginTokenMigrateTo lands the account there). */
  useHome(dcId: number): void {
    this.moveHome(dcId);
  }

  /** Logs in as a bot with its token from @BotFather. */
  signInBot(token: string): Promise<tl.User> {
    return signInBot(this, this.options.apiId, this.options.apiHash, token);
  }

  /** Sends a login code to `phone`; pass the result to signIn with the code. */
  sendCode(phone: string): Promise<SentCode> {
    return sendCode(this, this.options.apiId, this.options.apiHash, phone);
  }

  /** Signs in with the code from sendCode. PasswordNeededError: call checkPassword. SignUpRequiredError: call signUp. */
  signIn(sent: Pick<SentCode, 'phone' | 'phoneCodeHash'>, code: string): Promise<tl.User> {
    return signIn(this, sent, code);
  }

  signUp(sent: Pick<SentCode, 'phone' | 'phoneCodeHash'>, firstName: string, lastName?: string): Promise<tl.User> {
    return signUp(this, sent, firstName, lastName);
  }

  /** Finishes a 2FA login with the password (SRP: the password itself is never sent). */
  checkPassword(password: string): Promise<tl.User> {
    return checkPassword(this, password);
  }

  /** QR login: `onUrl` gets each tg://login URL to show; resolves once another app accepts it. */
  signInWithQr(options: Omit<QrLoginOptions, 'apiId' | 'apiHash' | 'now'>): Promise<tl.User> {
    return signInWithQr(this, { ...options, apiId: this.options.apiId, apiHash: this.options.apiHash, now: this.now });
  }

  // Messaging: thin calls into methods/ (one file per method).

  /** The InputPeer for a username, phone, link, id, or TL object: the peer cache first, then the server. */
  resolvePeer(peer: methods.PeerLike): Promise<tl.TypeInputPeer> {
    return methods.resolvePeer(this, peer);
  }

  /** Sends a text message; resolves with the message as sent. */
  sendMessage(peer: methods.PeerLike, text: string | FormattedText, params?: methods.SendMessageParams): Promise<tl.Message> {
    return methods.sendMessage(this, peer, text, params);
  }

  editMessage(peer: methods.PeerLike, id: number, text: string | FormattedText | undefined, params?: methods.EditMessageParams): Promise<tl.TypeMessage> {
    return methods.editMessage(this, peer, id, text, params);
  }

  deleteMessages(peer: methods.PeerLike, ids: readonly number[], params?: methods.DeleteMessagesParams): Promise<number> {
    return methods.deleteMessages(this, peer, ids, params);
  }

  forwardMessages(to: methods.PeerLike, from: methods.PeerLike, ids: readonly number[], params?: methods.ForwardMessagesParams): Promise<tl.Message[]> {
    return methods.forwardMessages(this, to, from, ids, params);
  }

  getMessages(peer: methods.PeerLike, ids: readonly number[]): Promise<(tl.Message | tl.MessageService | undefined)[]> {
    return methods.getMessages(this, peer, ids);
  }

  iterHistory(peer: methods.PeerLike, params?: methods.IterHistoryParams): AsyncGenerator<tl.Message | tl.MessageService> {
    return methods.iterHistory(this, peer, params);
  }

  iterDialogs(params?: methods.IterDialogsParams): AsyncGenerator<methods.DialogItem> {
    return methods.iterDialogs(this, params);
  }

  setTyping(peer: methods.PeerLike, action?: methods.TypingAction, params?: { progress?: number }): Promise<void> {
    return methods.setTyping(this, peer, action, params);
  }

  sendReaction(peer: methods.PeerLike, msgId: number, emoji: string | readonly string[], params?: { big?: boolean }): Promise<tl.TypeMessageReactions | undefined> {
    return methods.sendReaction(this, peer, msgId, emoji, params);
  }

  answerCallbackQuery(queryId: bigint, params?: methods.AnswerCallbackQueryParams): Promise<void> {
    return methods.answerCallbackQuery(this, queryId, params);
  }

  answerInlineQuery(queryId: bigint, results: readonly methods.InlineResultLike[], params?: methods.AnswerInlineQueryParams): Promise<void> {
    return methods.answerInlineQuery(this, queryId, results, params);
  }

  getCallbackAnswer(peer: methods.PeerLike, msgId: number, data: Uint8Array | string, params?: { signal?: Cancellation }): Promise<tl.messages.BotCallbackAnswer> {
    return methods.getCallbackAnswer(this, peer, msgId, data, params);
  }

  getInlineResults(bot: methods.PeerLike, query: string, params?: methods.GetInlineResultsParams): Promise<tl.messages.BotResults> {
    return methods.getInlineResults(this, bot, query, params);
  }

  sendInlineResult(peer: methods.PeerLike, results: tl.messages.BotResults, resultId: string, params?: { silent?: boolean }): Promise<tl.Message> {
    return methods.sendInlineResult(this, peer, results, resultId, params);
  }

  createGroup(title: string, users: readonly methods.PeerLike[]): Promise<tl.Chat> {
    return methods.createGroup(this, title, users);
  }

  joinChat(peer: methods.PeerLike): Promise<void> {
    return methods.joinChat(this, peer);
  }

  leaveChat(peer: methods.PeerLike): Promise<void> {
    return methods.leaveChat(this, peer);
  }

  setStatus(status: 'online' | 'offline'): Promise<void> {
    return methods.setStatus(this, status);
  }

  getMe(): Promise<tl.User> {
    return methods.getMe(this);
  }

  /** Uploads a file's parts (several in flight over the transfer connections); put the result in inputMediaUploaded*. */
  uploadFile(source: files.FileSource, options?: files.UploadOptions): Promise<files.UploadedFile> {
    return files.uploadFile(this, source, options);
  }

  /** uploadFile as an Observable of progress (the last event carries the file); unsubscribing cancels. */
  upload$(source: files.FileSource, options?: Omit<files.UploadOptions, 'onProgress' | 'signal'>) {
    return files.upload$(this, source, options);
  }

  /**
   * Downloads a message's media, a document, a photo (a size of it), a profile photo or a location:
   * to a path or a Writable (resolving with the bytes written), or into memory (resolving with the bytes).
   * Expired file references are refreshed from the origin; FILE_MIGRATE and CDN redirects are followed.
   */
  downloadFile(input: files.Downloadable, options: files.DownloadOptions & { to: string | Writable }): Promise<number>;
  downloadFile(input: files.Downloadable, options?: files.DownloadOptions & { to?: undefined }): Promise<Uint8Array>;
  downloadFile(input: files.Downloadable, options?: files.DownloadOptions): Promise<Uint8Array | number> {
    return files.downloadFile(this, input, options);
  }

  /** downloadFile as an Observable of progress (into memory: the last event carries the bytes); unsubscribing cancels. */
  download$(input: files.Downloadable, options?: Omit<files.DownloadOptions, 'onProgress' | 'signal'>) {
    return files.download$(this, input, options);
  }

  /** Uploads and sends a file (kind: photo, document, video, audio, voice, sticker), with an optional caption. */
  async sendFile(peer: methods.PeerLike, file: files.SendableFile, options?: files.SendFileOptions): Promise<tl.Message> {
    return files.sendFile(this, await this.resolvePeer(peer), file, options);
  }

  sendPhoto(peer: methods.PeerLike, file: files.SendableFile, options?: Omit<files.SendFileOptions, 'kind'>): Promise<tl.Message> {
    return this.sendFile(peer, file, { ...options, kind: 'photo' });
  }

  sendDocument(peer: methods.PeerLike, file: files.SendableFile, options?: Omit<files.SendFileOptions, 'kind'>): Promise<tl.Message> {
    return this.sendFile(peer, file, { ...options, kind: 'document' });
  }

  /** Sends up to 10 files as one album (messages.sendMultiMedia). */
  async sendAlbum(peer: methods.PeerLike, items: files.AlbumItem[], options?: Parameters<typeof files.sendAlbum>[3]): Promise<tl.Message[]> {
    return files.sendAlbum(this, await this.resolvePeer(peer), items, options);
  }

  /** The input channel of a channel whose access hash this client has seen (updates, the session store). */
  async inputChannel(channelId: bigint): Promise<tl.InputChannel | undefined> {
    const accessHash = this.channelHashes.get(channelId) ?? (await this.store?.peer(markedPeerId('channel', channelId)))?.accessHash;
    return accessHash === undefined ? undefined : { _: 'inputChannel', channelId, accessHash };
  }

  private link(dcId: number): DcLink {
    let link = this.links.get(dcId);
    if (!link) {
      link = new DcLink(this.linkOptions(dcId));
      this.links.set(dcId, link);
    }
    return link;
  }

  /** How this client's link to `dcId` is made (the transfer links start from the same). */
  private linkOptions(dcId: number): DcLinkOptions {
    const dc = this.address(dcId);
    const home = dcId === (this.options.dcId ?? this.options.dcs[0]?.id);
    return {
      dc,
      transport: this.options.transport ?? 'intermediate',
      obfuscated: this.options.obfuscated ?? false,
      publicKeys: this.options.rsaKeys.map((k) => k.pem),
      now: this.now,
      random: this.random,
      requestTimeout: this.options.requestTimeout ?? 30_000,
      reconnectDelay: this.options.reconnectDelay ?? { initial: 250, max: 10_000 },
      auth: this.savedAuth(dcId) ?? (home && this.options.authKey ? { authKey: this.options.authKey } : undefined),
      onAuthKey: (result) => {
        this.store?.setAuthKey(dcId, result.authKey);
        this.store?.setSalt(dcId, result.serverSalt);
        this.store?.setTimeOffset(result.timeOffset);
        this.emit({ type: 'auth-key', dcId });
      },
      onEvent: (e) => {
        if (e.kind === 'updates') {
          this.emit({ type: 'updates', dcId, updates: e.updates });
          if (dcId === this.homeDc) this.updatesDriver?.feed(e.updates);
        } else if (e.kind === 'new-session' && dcId === this.homeDc) {
          this.updatesDriver?.catchUp();
        }
      },
      onReconnect: () => {
        this.emit({ type: 'reconnect', dcId });
        if (dcId === this.homeDc) this.updatesDriver?.catchUp();
      },
    };
  }

  private savedAuth(dcId: number): { authKey: Uint8Array; salt?: bigint; timeOffset?: number } | undefined {
    const store = this.store;
    const record = store?.dc(dcId);
    return record?.authKey && { authKey: record.authKey, salt: record.salt, timeOffset: store!.timeOffset() };
  }

  private address(dcId: number): DcAddress {
    const known = this.options.dcs.find((d) => d.id === dcId) ?? this.config?.dcOptions.find((o) => o.id === dcId && !o.ipv6 && !o.mediaOnly && !o.cdn);
    if (!known) throw new TypeError(`Client: no address for DC ${dcId}`);
    return 'host' in known ? known : { id: known.id, host: known.ipAddress, port: known.port };
  }

  /** Opens a DC's link and sends initConnection on its session, once. */
  private initialize(dcId: number): Promise<unknown> {
    let init = this.initialized.get(dcId);
    if (!init) {
      init = this.initConnection(this.link(dcId));
      this.initialized.set(dcId, init);
      // A failed start may be retried by the next call.
      init.then(
        () => this.ready.add(dcId),
        () => this.initialized.delete(dcId),
      );
    }
    return init;
  }

  /** Connects a link and sends initConnection (wrapping help.getConfig) on its session. */
  private initConnection(link: DcLink): Promise<unknown> {
    return link.ready().then(() =>
      link.invoke({
        _: 'invokeWithLayer',
        layer: LAYER,
        query: {
          _: 'initConnection',
          apiId: this.options.apiId,
          deviceModel: this.options.deviceModel ?? 'layer',
          systemVersion: this.options.systemVersion ?? `node ${process.version}`,
          appVersion: this.options.appVersion ?? '0.1.0',
          systemLangCode: this.options.systemLangCode ?? this.options.langCode ?? 'en',
          langPack: this.options.langPack ?? '',
          langCode: this.options.langCode ?? 'en',
          params: this.options.initParams,
          query: { _: 'help.getConfig' },
        },
      }),
    );
  }

  /** Logs a non-home DC in as the same user: auth.exportAuthorization at home, importAuthorization there. */
  private carryAuthorization(dcId: number): Promise<unknown> {
    let carried = this.authorized.get(dcId);
    if (!carried) {
      carried = (async () => {
        const exported = (await this.link(this.homeDc).invoke({ _: 'auth.exportAuthorization', dcId })) as tl.auth.ExportedAuthorization;
        await this.link(dcId).invoke({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes });
      })();
      this.authorized.set(dcId, carried);
      carried.catch(() => this.authorized.delete(dcId));
    }
    return carried;
  }

  private moveHome(dcId: number): void {
    if (dcId === this.homeDc) return;
    this.emit({ type: 'home-dc', from: this.homeDc, to: dcId });
    this.homeDc = dcId;
    this.store?.setHomeDc(dcId);
  }

  private emit(event: ClientEvent): void {
    if (!this.closed) this.eventsSubject.next(event);
  }

  /** A wait that close() and the caller's AbortSignal cut short. */
  private sleep(ms: number, signal?: Cancellation): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms),
        reject,
      };
      const onAbort = () => {
        clearTimeout(entry.timer);
        this.sleeps.delete(entry);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleeps.add(entry);
    });
  }
}

/** The update state a store holds, in the engine's shape (channel pts keyed by decimal id). */
function storedUpdatesState(store: SessionStore | undefined): UpdatesState | undefined {
  const common = store?.updateState();
  if (!store || !common) return undefined;
  const channels: Record<string, number> = {};
  for (const [id, pts] of store.allChannelPts()) channels[id.toString()] = pts;
  return { ...common, channels };
}
