/**
 * The updates engine, sans IO: `Updates` from the server and the answers to
 * the requests it asked for go in; updates to deliver (in order, once), the
 * requests to send, reports, and the next deadline come out. It never sleeps,
 * sends or reads a clock other than the injected one.
 *
 * Rules (https://core.telegram.org/api/updates):
 * - pts (common box and each channel): apply when local + pts_count == pts,
 *   drop when local + pts_count > pts, otherwise hold and wait `gapTimeoutMs`
 *   (0.5 s) for the hole to fill, then getDifference / getChannelDifference.
 * - qts: the same with a count of 1; seq: the same on `updates` and
 *   `updatesCombined` (seq_start), 0 meaning "no order".
 * - While the common difference is being fetched, every live input is held
 *   and replayed afterwards, so nothing is applied out of order or twice.
 * - No update for `idleTimeoutMs` (15 min): getDifference anyway, so a stream
 *   the server silently stopped is noticed.
 */
import type { tl } from '../../schema/index.js';
import { classify, describe, isInt, isObject, messageChannel, messageKey, type Slot } from './classify.js';
import { OrderedBox, type Slotted } from './ordered-box.js';
import { RecentSet } from './recent.js';
import { checkShort, fromShortChatMessage, fromShortMessage, fromShortSentMessage } from './short.js';
import { parseUpdatesState } from './state.js';
import type {
  FeedContext,
  PendingRequest,
  UpdateEvent,
  UpdatesEngineOptions,
  UpdatesIssue,
  UpdateSource,
  UpdatesRequest,
  UpdatesState,
  UpdatesStep,
} from './types.js';

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;
const RECENT_MESSAGES = 4_096;
/** Errors after which no request can succeed: the session is gone. */
const FATAL = /AUTH_KEY_UNREGISTERED|AUTH_KEY_INVALID|AUTH_KEY_PERM_EMPTY|SESSION_REVOKED|SESSION_EXPIRED|USER_DEACTIVATED/;
/** Errors meaning this channel cannot be read any more (left, kicked, banned, deleted). */
const CHANNEL_GONE = /CHANNEL_PRIVATE|CHANNEL_INVALID|CHANNEL_PUBLIC_GROUP_NA|USER_BANNED_IN_CHANNEL|CHAT_FORBIDDEN/;

/** An ordered update waiting in a box; `update` is absent for a pts we consumed ourselves (a sent message). */
interface Held {
  update: tl.TypeUpdate | undefined;
  users: tl.TypeUser[];
  chats: tl.TypeChat[];
  source: UpdateSource;
}

/** A container held behind a seq gap. */
interface SeqHeld {
  seqStart: number;
  seq: number;
  date: number;
  updates: unknown[];
  users: tl.TypeUser[];
  chats: tl.TypeChat[];
}

/** An input held while the common state is fetched. */
type Deferred =
  | { kind: 'updates'; updates: unknown; context: FeedContext | undefined }
  | { kind: 'affected'; start: number; end: number; channelId: bigint | undefined };

/** A difference being fetched: sent (`id`) or waiting to be sent at `retryAt`. */
interface Fetch {
  reason: string;
  id: number | undefined;
  retryAt: number;
  attempts: number;
}

interface SyncFetch extends Fetch {
  kind: 'state' | 'difference';
  /** updatePtsChanged arrived meanwhile: getState once this ends. */
  thenState: boolean;
}

interface ChannelBox {
  id: bigint;
  box: OrderedBox<Held>;
  fetch: Fetch | undefined;
  /** Updates of this channel that arrived while its difference was fetched. */
  deferred: { start: number; end: number; held: Held }[];
  lastActivity: number;
  /** Polled every `timeout` seconds the server names, as for a chat on screen. */
  open: boolean;
  pollAt: number | undefined;
  /** Highest message id delivered this session (to pick what channelDifferenceTooLong adds). */
  maxMessageId: number;
}

interface InFlight {
  kind: 'state' | 'difference' | 'channel';
  method: string;
  sentAt: number;
  channelId?: bigint;
}

const emptyOutput = (): UpdatesStep => ({ updates: [], requests: [], users: [], chats: [], issues: [], stateChanged: false, deadline: undefined });

export class UpdatesEngine {
  private readonly now: () => number;
  private selfId: bigint | undefined;
  private readonly gapMs: number;
  private readonly idleMs: number;
  private readonly channelIdleMs: number;
  private readonly requestTimeoutMs: number;
  private readonly channelLimit: number;
  private readonly maxChannelRequests: number;
  private readonly ptsTotalLimit: number | undefined;
  private readonly catchUpChannels: boolean;
  private readonly resolveChannel: UpdatesEngineOptions['resolveChannel'];

  private readonly common = new OrderedBox<Held>();
  private readonly secret = new OrderedBox<Held>();
  private seq = 0;
  private date = 0;
  private seqHeld: SeqHeld[] = [];
  private seqGapDeadline: number | undefined;
  private readonly channels = new Map<bigint, ChannelBox>();
  /** Channels whose difference is wanted (sent or waiting), in request order. */
  private readonly channelFetches = new Set<ChannelBox>();
  private readonly accessHashes = new Map<bigint, bigint>();

  private hasState = false;
  private started = false;
  private stoppedBy: string | undefined;
  private sync: SyncFetch | undefined;
  private deferred: Deferred[] = [];
  private lastActivity: number;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 1;
  private readonly recent = new RecentSet(RECENT_MESSAGES);
  private out = emptyOutput();
  private dirty = false;

  constructor(options: UpdatesEngineOptions = {}) {
    this.now = options.now ?? Date.now;
    this.selfId = options.selfId;
    this.gapMs = options.gapTimeoutMs ?? 500;
    this.idleMs = options.idleTimeoutMs ?? 15 * 60_000;
    this.channelIdleMs = options.channelIdleTimeoutMs ?? this.idleMs;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.channelLimit = options.channelDifferenceLimit ?? (options.isBot ? 100_000 : 100);
    this.maxChannelRequests = Math.max(1, options.maxChannelRequests ?? 10);
    this.ptsTotalLimit = options.ptsTotalLimit;
    this.catchUpChannels = options.catchUpChannels ?? true;
    this.resolveChannel = options.resolveChannel;
    this.lastActivity = this.now();
    if (options.state !== undefined) {
      try {
        this.load(parseUpdatesState(options.state));
      } catch (e) {
        this.issue({ kind: 'state-reset', message: `the saved updates state is unusable (${errorText(e)}); starting from updates.getState`, reason: errorText(e) });
      }
    }
  }

  // ---------------------------------------------------------------- inputs

  /** Begins: catches up from the saved state (getDifference), or fetches the current one (getState). */
  start(): UpdatesStep {
    return this.run(() => {
      if (this.started) return;
      this.started = true;
      this.lastActivity = this.now();
      if (!this.hasState) return this.requestSync('state', 'start without a saved state');
      this.requestSync('difference', 'start from the saved state');
      if (this.catchUpChannels) for (const ch of this.channels.values()) this.requestChannel(ch, 'start from the saved state');
    });
  }

  /**
   * Any `Updates` the server pushed or a request returned. For the result of
   * messages.sendMessage / sendMedia pass the request in `context`, so that an
   * `updateShortSentMessage` becomes a full `updateNewMessage`.
   */
  feed(updates: tl.TypeUpdates | unknown, context?: FeedContext): UpdatesStep {
    return this.run(() => {
      this.lastActivity = this.now();
      if (isObject(updates)) this.notePeers(updates.users, updates.chats);
      if (this.holding()) this.deferred.push({ kind: 'updates', updates, context });
      else this.handle(updates, context);
    });
  }

  /**
   * A `messages.affectedMessages` / `affectedHistory` / `affectedFoundMessages`
   * result (deleteMessages, readHistory, ...): it moves pts like an update
   * does. `channelId` for channels.deleteMessages and friends.
   */
  applyAffected(affected: { pts: number; ptsCount: number }, channelId?: bigint): UpdatesStep {
    return this.run(() => {
      const { pts, ptsCount } = (typeof affected === 'object' && affected !== null ? affected : {}) as { pts?: unknown; ptsCount?: unknown };
      if (!isInt(pts) || !isInt(ptsCount) || ptsCount < 0 || pts < ptsCount) {
        return this.malformed(`affected messages with pts ${describe(pts)} and ptsCount ${describe(ptsCount)}`, affected);
      }
      if (channelId !== undefined && typeof channelId !== 'bigint') return this.malformed(`affected messages for channel ${describe(channelId)}`, affected);
      const d: Deferred = { kind: 'affected', start: pts - ptsCount, end: pts, channelId };
      if (this.holding()) this.deferred.push(d);
      else this.replay(d);
    });
  }

  /** The answer to request `id`. */
  resolve(id: number, result: unknown): UpdatesStep {
    return this.run(() => {
      const f = this.awaited(id);
      if (!f) return this.issue({ kind: 'stale-result', message: `result for request ${id}, which is not awaited (timed out or unknown): ignored`, id });
      if (f.kind === 'channel') this.onChannelDifference(f.channelId!, result);
      else if (f.kind === 'state') this.onState(result);
      else this.onDifference(result);
    });
  }

  /** Request `id` failed (an RpcError, a timeout, a closed connection). */
  reject(id: number, error: unknown): UpdatesStep {
    return this.run(() => {
      const f = this.awaited(id);
      if (!f) return this.issue({ kind: 'stale-result', message: `error for request ${id}, which is not awaited: ignored`, id });
      const text = errorText(error);
      if (FATAL.test(text)) return this.stop(`${f.method} failed with ${text}`);
      if (f.kind !== 'channel') {
        const sync = this.sync!;
        if (f.kind === 'difference' && /PERSISTENT_TIMESTAMP_INVALID/.test(text)) {
          this.issue({ kind: 'state-reset', message: `getDifference refused our state (${text}); refetching it with updates.getState, updates in between are lost`, reason: text });
          sync.kind = 'state';
          sync.id = undefined;
          sync.retryAt = this.now();
          return;
        }
        return this.retryLater(sync, id, f.method, text);
      }
      const ch = this.channels.get(f.channelId!)!;
      if (!ch.fetch) return;
      if (CHANNEL_GONE.test(text) || /PERSISTENT_TIMESTAMP_INVALID/.test(text)) return this.giveUpChannel(ch, text, true);
      this.retryLater(ch.fetch, id, f.method, text);
    });
  }

  /** Time passed: gaps that did not fill, idle boxes, retries, unanswered requests. */
  tick(): UpdatesStep {
    return this.run(() => {
      const now = this.now();
      for (const [id, f] of this.inFlight) {
        if (now - f.sentAt < this.requestTimeoutMs) continue;
        this.inFlight.delete(id);
        this.issue({ kind: 'request-timeout', message: `${f.method} (request ${id}) got no answer in ${this.requestTimeoutMs} ms: sending it again`, id, method: f.method });
        const fetch = f.kind === 'channel' ? this.channels.get(f.channelId!)?.fetch : this.sync;
        if (fetch && fetch.id === id) {
          fetch.id = undefined;
          fetch.retryAt = now;
        }
      }
      if (this.started && !this.sync) {
        const gap = [this.common.gapDeadline, this.secret.gapDeadline, this.seqGapDeadline].some((d) => d !== undefined && d <= now);
        if (gap) this.requestSync('difference', 'a gap did not fill in time');
        else if (now >= this.lastActivity + this.idleMs) this.requestSync('difference', `no updates for ${Math.round((now - this.lastActivity) / 1000)} s`);
      }
      if (!this.started) return;
      for (const ch of this.channels.values()) {
        if (ch.fetch) continue;
        if (ch.box.gapDeadline !== undefined && ch.box.gapDeadline <= now) this.requestChannel(ch, 'a gap did not fill in time');
        else if (ch.pollAt !== undefined && ch.pollAt <= now) this.requestChannel(ch, 'polling an open channel');
        else if (ch.box.pts !== undefined && now >= ch.lastActivity + this.channelIdleMs) this.requestChannel(ch, 'no updates for a long time');
      }
    });
  }

  /** After a reconnect (updates may have been lost in between): fetch the difference now. */
  catchUp(options: { channels?: boolean } = {}): UpdatesStep {
    return this.run(() => {
      if (!this.started) return;
      this.requestSync(this.hasState ? 'difference' : 'state', 'catch up');
      if (options.channels ?? true) for (const ch of this.channels.values()) if (ch.box.pts !== undefined) this.requestChannel(ch, 'catch up');
    });
  }

  /**
   * The user is looking at this channel (or reads one they did not join):
   * Telegram does not push all of its updates then, so it is polled every
   * `timeout` seconds the server asks for. `pts` seeds an unknown channel
   * (from messages.getDialogs or channels.getFullChannel).
   */
  openChannel(channelId: bigint, pts?: number): UpdatesStep {
    return this.run(() => {
      const ch = this.channel(channelId);
      ch.open = true;
      if (ch.box.pts === undefined && isInt(pts) && pts >= 0) {
        ch.box.pts = pts;
        this.dirty = true;
      }
      if (ch.box.pts !== undefined && this.started) this.requestChannel(ch, 'channel opened');
    });
  }

  /** The logged-in user, once known (login happened after the engine was made). */
  setSelfId(id: bigint): void {
    this.selfId = id;
  }

  closeChannel(channelId: bigint): void {
    const ch = this.channels.get(channelId);
    if (!ch) return;
    ch.open = false;
    ch.pollAt = undefined;
  }

  // ---------------------------------------------------------------- outputs

  /** What to save (a copy): save it after delivering the updates of a step with `stateChanged`. */
  state(): UpdatesState {
    const channels: Record<string, number> = {};
    for (const [id, ch] of this.channels) if (ch.box.pts !== undefined) channels[id.toString()] = ch.box.pts;
    return { pts: this.common.pts ?? 0, qts: this.secret.pts ?? 0, seq: this.seq, date: this.date, channels };
  }

  /** Why the engine stopped asking for anything (the session was revoked), or undefined. */
  get stopped(): string | undefined {
    return this.stoppedBy;
  }

  // ------------------------------------------------------------ processing

  /** The in-flight request `id`, taken off the list, if the engine still waits for it. */
  private awaited(id: number): InFlight | undefined {
    const f = this.inFlight.get(id);
    if (!f) return undefined;
    this.inFlight.delete(id);
    const fetch = f.kind === 'channel' ? this.channels.get(f.channelId!)?.fetch : this.sync;
    return fetch?.id === id ? f : undefined;
  }

  private holding(): boolean {
    return !this.started || this.sync !== undefined;
  }

  private replay(d: Deferred): void {
    if (d.kind === 'updates') return this.handle(d.updates, d.context);
    const held: Held = { update: undefined, users: [], chats: [], source: 'live' };
    if (d.channelId === undefined) this.offerCommon(this.common, 'pts', d.start, d.end, held);
    else this.offerChannel(d.channelId, d.start, d.end, held);
  }

  private handle(input: unknown, context: FeedContext | undefined): void {
    if (!isObject(input)) return this.malformed(`not an Updates object: ${describe(input)}`, input);
    const u = input;
    switch (u._) {
      case 'updatesTooLong':
        return this.requestSync('difference', 'updatesTooLong');
      case 'updateShort':
        if (!isInt(u.date)) return this.malformed('updateShort without a date', u);
        return this.processList([u.update], [], [], false);
      case 'updateShortMessage':
      case 'updateShortChatMessage':
      case 'updateShortSentMessage': {
        const bad = checkShort(u);
        if (bad) return this.malformed(bad, u);
        const full =
          u._ === 'updateShortMessage'
            ? fromShortMessage(u as unknown as tl.UpdateShortMessage, this.selfId)
            : u._ === 'updateShortChatMessage'
              ? fromShortChatMessage(u as unknown as tl.UpdateShortChatMessage)
              : fromShortSentMessage(u as unknown as tl.UpdateShortSentMessage, context?.request, this.selfId);
        const pts = u.pts as number;
        const count = u.ptsCount as number;
        // Without the request, our own sent message cannot be rebuilt; its pts is still consumed.
        return this.offerCommon(this.common, 'pts', pts - count, pts, { update: full, users: [], chats: [], source: 'live' });
      }
      case 'updates':
      case 'updatesCombined':
        return this.handleContainer(u);
      default:
        return this.malformed(`not an Updates constructor: ${u._}`, u);
    }
  }

  private handleContainer(c: Record<string, unknown> & { _: string }): void {
    const seqStart = c._ === 'updatesCombined' ? c.seqStart : c.seq;
    if (!Array.isArray(c.updates) || !isInt(c.seq) || !isInt(seqStart) || !isInt(c.date)) {
      return this.malformed(`${c._} without updates, seq or date`, c);
    }
    const users = (Array.isArray(c.users) ? c.users : []) as tl.TypeUser[];
    const chats = (Array.isArray(c.chats) ? c.chats : []) as tl.TypeChat[];
    // seq 0: "no order", only the updates' own pts/qts count.
    if (c.seq === 0 || seqStart === 0) return this.processList(c.updates, users, chats, false);
    const held: SeqHeld = { seqStart, seq: c.seq, date: c.date, updates: c.updates, users, chats };
    if (this.seq + 1 === seqStart) {
      this.applySeq(held);
      this.drainSeq();
    } else if (this.seq >= seqStart) {
      // Already applied: its pts/qts updates still pass their own checks (they may be new
      // to a box the difference did not cover); the unordered ones were delivered then.
      this.processList(held.updates, users, chats, true);
    } else {
      const i = this.seqHeld.findIndex((h) => h.seqStart > seqStart);
      this.seqHeld.splice(i < 0 ? this.seqHeld.length : i, 0, held);
      if (this.seqGapDeadline === undefined) {
        this.seqGapDeadline = this.now() + this.gapMs;
        this.issue({ kind: 'gap', message: `seq gap: local ${this.seq}, received ${seqStart}; waiting ${this.gapMs} ms`, box: 'seq', local: this.seq, remote: seqStart });
      }
    }
  }

  private applySeq(h: SeqHeld): void {
    this.seq = h.seq;
    if (h.date > this.date) this.date = h.date;
    this.dirty = true;
    this.processList(h.updates, h.users, h.chats, false);
  }

  private drainSeq(): void {
    let progress = false;
    while (this.seqHeld.length > 0 && !this.sync) {
      const h = this.seqHeld[0]!;
      if (h.seqStart > this.seq + 1) break;
      this.seqHeld.shift();
      progress = true;
      if (h.seqStart === this.seq + 1) this.applySeq(h);
      else this.processList(h.updates, h.users, h.chats, true);
    }
    if (this.seqHeld.length === 0) this.seqGapDeadline = undefined;
    else if (progress || this.seqGapDeadline === undefined) this.seqGapDeadline = this.now() + this.gapMs;
  }

  /**
   * Processes a container's updates in order. If one of them starts fetching
   * the common state (updatePtsChanged), the rest waits with the other held input.
   * `orderedOnly`: the container was seen already, keep only pts/qts-checked updates.
   */
  private processList(updates: unknown[], users: tl.TypeUser[], chats: tl.TypeChat[], orderedOnly: boolean): void {
    for (let i = 0; i < updates.length; i++) {
      if (this.sync) {
        let rest = updates.slice(i);
        if (orderedOnly) rest = rest.filter((u) => classify(u).kind !== 'none');
        this.deferred.unshift({ kind: 'updates', updates: { _: 'updates', updates: rest, users, chats, date: 0, seq: 0 }, context: undefined });
        return;
      }
      this.processOne(updates[i], users, chats, orderedOnly);
    }
  }

  private processOne(u: unknown, users: tl.TypeUser[], chats: tl.TypeChat[], orderedOnly: boolean, source: UpdateSource = 'live'): void {
    const slot = classify(u);
    const update = u as tl.TypeUpdate;
    const held: Held = { update, users, chats, source };
    switch (slot.kind) {
      case 'malformed':
        return this.malformed(slot.message, u);
      case 'none':
        if (!orderedOnly) this.emit(update, users, chats, source);
        return;
      case 'pts':
        return this.offerCommon(this.common, 'pts', slot.start, slot.end, held);
      case 'qts':
        return this.offerCommon(this.secret, 'qts', slot.start, slot.end, held);
      case 'channel':
        return this.offerChannel(slot.channelId, slot.start, slot.end, held);
      case 'channel-too-long':
        return this.channelTooLong(slot.channelId, slot.pts);
      case 'pts-changed':
        if (!orderedOnly) this.emit(update, users, chats, source);
        return this.requestSync('state', 'updatePtsChanged');
    }
  }

  private offerCommon(box: OrderedBox<Held>, name: 'pts' | 'qts', start: number, end: number, held: Held): void {
    const waiting = box.gapDeadline !== undefined;
    const r = box.offer({ start, end, item: held }, this.now(), this.gapMs);
    this.applied(r.applied);
    if (r.held && !waiting) {
      this.issue({ kind: 'gap', message: `${name} gap: local ${box.pts}, received ${end} (count ${end - start}); waiting ${this.gapMs} ms`, box: name, local: box.pts!, remote: end });
    }
  }

  private offerChannel(channelId: bigint, start: number, end: number, held: Held): void {
    const ch = this.channel(channelId);
    ch.lastActivity = this.now();
    if (ch.fetch) {
      ch.deferred.push({ start, end, held });
      return;
    }
    const waiting = ch.box.gapDeadline !== undefined;
    const r = ch.box.offer({ start, end, item: held }, this.now(), this.gapMs);
    this.applied(r.applied);
    if (r.held && !waiting) {
      this.issue({
        kind: 'gap',
        message: `channel ${channelId} pts gap: local ${ch.box.pts}, received ${end} (count ${end - start}); waiting ${this.gapMs} ms`,
        box: 'channel',
        channelId,
        local: ch.box.pts!,
        remote: end,
      });
    }
  }

  private applied(items: Slotted<Held>[]): void {
    if (items.length > 0) this.dirty = true;
    for (const s of items) if (s.item.update) this.emit(s.item.update, s.item.users, s.item.chats, s.item.source);
  }

  private channelTooLong(channelId: bigint, pts: number | undefined): void {
    const ch = this.channel(channelId);
    ch.lastActivity = this.now();
    if (ch.box.pts === undefined) {
      if (pts === undefined) {
        return this.malformed(`updateChannelTooLong for channel ${channelId}, whose pts is unknown, without a pts: cannot fetch its difference`, { channelId });
      }
      ch.box.pts = pts; // spec: not stored yet (joined elsewhere): start fetching from the given pts
      this.dirty = true;
    }
    this.requestChannel(ch, 'updateChannelTooLong');
  }

  private emit(update: tl.TypeUpdate, users: tl.TypeUser[], chats: tl.TypeChat[], source: UpdateSource): void {
    const key = messageKey(update);
    if (key !== undefined) {
      // The same message from a difference and from a live update (or twice from the server).
      if (this.recent.has(key)) return;
      this.recent.add(key);
      const channelId = messageChannel((update as { message?: unknown }).message);
      const ch = channelId === undefined ? undefined : this.channels.get(channelId);
      const id = (update as { message: { id: number } }).message.id;
      if (ch && id > ch.maxMessageId) ch.maxMessageId = id;
    }
    this.out.updates.push({ update, users, chats, source } satisfies UpdateEvent);
  }

  // ------------------------------------------------------- common state

  private requestSync(kind: 'state' | 'difference', reason: string): void {
    if (this.stoppedBy) return;
    if (this.sync) {
      if (kind === 'state' && this.sync.kind !== 'state') this.sync.thenState = true;
      return;
    }
    if (kind === 'difference' && !this.hasState) kind = 'state';
    this.sync = { kind, reason, id: undefined, retryAt: this.now(), attempts: 0, thenState: false };
    this.common.gapDeadline = undefined;
    this.secret.gapDeadline = undefined;
    this.seqGapDeadline = undefined;
    this.issue({ kind: 'fetching', message: `fetching the ${kind === 'state' ? 'state' : 'difference'}: ${reason}`, box: 'common', reason });
  }

  private onState(result: unknown): void {
    const st = checkState(result);
    if (!st) return this.syncFailed(`updates.getState returned ${describe(result)}`, result);
    if (this.hasState) this.issue({ kind: 'state-reset', message: `state refetched (pts ${this.common.pts} -> ${st.pts})`, reason: this.sync?.reason ?? '' });
    this.setCommonState(st);
    this.finishSync();
  }

  private onDifference(result: unknown): void {
    if (!isObject(result)) return this.syncFailed(`updates.getDifference returned ${describe(result)}`, result);
    const r = result as Record<string, unknown> & { _: string };
    switch (r._) {
      case 'updates.differenceEmpty':
        if (!isInt(r.date) || !isInt(r.seq)) return this.syncFailed('updates.differenceEmpty without date or seq', r);
        this.date = r.date;
        this.seq = r.seq;
        this.dirty = true;
        return this.finishSync();
      case 'updates.difference':
      case 'updates.differenceSlice': {
        const st = checkState(r._ === 'updates.difference' ? r.state : r.intermediateState);
        const lists = [r.newMessages, r.newEncryptedMessages, r.otherUpdates, r.users, r.chats];
        if (!st || !lists.every(Array.isArray)) return this.syncFailed(`${r._} without a state or its lists`, r);
        const d = r as unknown as tl.updates.Difference;
        this.notePeers(d.users, d.chats);
        this.applyDifference(d, st);
        if (r._ === 'updates.difference') return this.finishSync();
        return this.continueSync();
      }
      case 'updates.differenceTooLong':
        if (!isInt(r.pts)) return this.syncFailed('updates.differenceTooLong without pts', r);
        this.issue({ kind: 'difference-too-long', message: `difference too long: pts jumps ${this.common.pts} -> ${r.pts}; updates in between are lost, refetch dialogs`, pts: r.pts });
        this.common.pts = r.pts;
        this.dirty = true;
        return this.continueSync();
      default:
        return this.syncFailed(`updates.getDifference returned ${r._}`, r);
    }
  }

  /** Delivers a difference: it is authoritative for the common pts and qts up to its state. */
  private applyDifference(d: tl.updates.Difference, st: tl.updates.State): void {
    const { users, chats } = d;
    for (const m of d.newMessages) {
      if (!isObject(m) || m._ === 'messageEmpty') continue;
      const channel = messageChannel(m) !== undefined;
      const update: tl.TypeUpdate = channel
        ? { _: 'updateNewChannelMessage', message: m, pts: 0, ptsCount: 0 }
        : { _: 'updateNewMessage', message: m, pts: 0, ptsCount: 0 };
      this.emit(update, users, chats, 'difference');
    }
    for (const m of d.newEncryptedMessages) if (isObject(m)) this.emit({ _: 'updateNewEncryptedMessage', message: m, qts: 0 }, users, chats, 'difference');
    const pts = this.common.pts ?? 0;
    const qts = this.secret.pts ?? 0;
    for (const [u, slot] of inOrder(d.otherUpdates)) {
      const held: Held = { update: u, users, chats, source: 'difference' };
      switch (slot.kind) {
        case 'malformed':
          this.malformed(slot.message, u);
          break;
        case 'pts':
          if (pts <= slot.start) this.emit(u, users, chats, 'difference');
          break;
        case 'qts':
          if (qts <= slot.start) this.emit(u, users, chats, 'difference');
          break;
        case 'channel':
          this.offerChannel(slot.channelId, slot.start, slot.end, held);
          break;
        case 'channel-too-long':
          this.channelTooLong(slot.channelId, slot.pts);
          break;
        case 'pts-changed':
          break;
        case 'none':
          this.emit(u, users, chats, 'difference');
      }
    }
    this.setCommonState(st);
  }

  private setCommonState(st: tl.updates.State): void {
    this.common.pts = st.pts;
    this.secret.pts = st.qts;
    this.seq = st.seq;
    this.date = st.date;
    this.hasState = true;
    this.dirty = true;
  }

  private continueSync(): void {
    const sync = this.sync!;
    sync.id = undefined;
    sync.retryAt = this.now();
    sync.attempts = 0;
  }

  /** The difference is complete: release what was held behind it, then the input that waited. */
  private finishSync(): void {
    const thenState = this.sync?.thenState ?? false;
    this.sync = undefined;
    const now = this.now();
    this.lastActivity = now;
    this.applied(this.common.drain(now, this.gapMs));
    this.applied(this.secret.drain(now, this.gapMs));
    this.drainSeq();
    if (thenState) this.requestSync('state', 'updatePtsChanged');
    while (this.deferred.length > 0 && !this.sync) this.replay(this.deferred.shift()!);
  }

  private syncFailed(message: string, input: unknown): void {
    this.malformed(message, input);
    this.retryLater(this.sync!, undefined, 'updates.getDifference', 'malformed result');
  }

  private sendSync(sync: SyncFetch): void {
    const request: UpdatesRequest =
      sync.kind === 'state' || this.common.pts === undefined
        ? { _: 'updates.getState' }
        : {
            _: 'updates.getDifference',
            pts: this.common.pts,
            date: this.date,
            qts: this.secret.pts ?? 0,
            ...(this.ptsTotalLimit === undefined ? {} : { ptsTotalLimit: this.ptsTotalLimit }),
          };
    sync.id = this.send(request, { kind: request._ === 'updates.getState' ? 'state' : 'difference', method: request._, sentAt: this.now() });
  }

  // ------------------------------------------------------------- channels

  private channel(id: bigint): ChannelBox {
    let ch = this.channels.get(id);
    if (!ch) {
      ch = { id, box: new OrderedBox<Held>(), fetch: undefined, deferred: [], lastActivity: this.now(), open: false, pollAt: undefined, maxMessageId: 0 };
      this.channels.set(id, ch);
    }
    return ch;
  }

  private requestChannel(ch: ChannelBox, reason: string): void {
    if (ch.fetch || this.stoppedBy) return;
    ch.fetch = { reason, id: undefined, retryAt: this.now(), attempts: 0 };
    ch.box.gapDeadline = undefined;
    ch.pollAt = undefined;
    this.channelFetches.add(ch);
    this.issue({ kind: 'fetching', message: `fetching channel ${ch.id} difference: ${reason}`, box: 'channel', channelId: ch.id, reason });
  }

  private sendChannel(ch: ChannelBox, fetch: Fetch): void {
    const channel = this.inputChannel(ch.id);
    if (!channel) return this.giveUpChannel(ch, 'its access hash is unknown', false);
    if (ch.box.pts === undefined) return this.giveUpChannel(ch, 'its pts is unknown', false);
    fetch.id = this.send(
      { _: 'updates.getChannelDifference', channel, filter: { _: 'channelMessagesFilterEmpty' }, pts: ch.box.pts, limit: this.channelLimit },
      { kind: 'channel', method: 'updates.getChannelDifference', sentAt: this.now(), channelId: ch.id },
    );
  }

  private onChannelDifference(channelId: bigint, result: unknown): void {
    const ch = this.channels.get(channelId);
    if (!ch?.fetch) return;
    const bad = (message: string) => {
      this.malformed(`channel ${channelId}: ${message}`, result);
      this.retryLater(ch.fetch!, undefined, 'updates.getChannelDifference', 'malformed result');
    };
    if (!isObject(result)) return bad(`getChannelDifference returned ${describe(result)}`);
    const r = result as Record<string, unknown> & { _: string };
    let final = true;
    switch (r._) {
      case 'updates.channelDifferenceEmpty':
        if (!isInt(r.pts)) return bad('channelDifferenceEmpty without pts');
        ch.box.pts = r.pts;
        break;
      case 'updates.channelDifference': {
        if (!isInt(r.pts) || ![r.newMessages, r.otherUpdates, r.users, r.chats].every(Array.isArray)) return bad('channelDifference without pts or its lists');
        const d = r as unknown as tl.updates.ChannelDifference;
        this.notePeers(d.users, d.chats);
        this.applyChannelDifference(ch, d);
        final = d.final === true;
        break;
      }
      case 'updates.channelDifferenceTooLong': {
        if (![r.messages, r.users, r.chats].every(Array.isArray)) return bad('channelDifferenceTooLong without its lists');
        const d = r as unknown as tl.updates.ChannelDifferenceTooLong;
        this.notePeers(d.users, d.chats);
        this.applyChannelTooLong(ch, d);
        break;
      }
      default:
        return bad(`getChannelDifference returned ${r._}`);
    }
    this.dirty = true;
    if (ch.open && isInt(r.timeout) && r.timeout > 0) ch.pollAt = this.now() + r.timeout * 1000;
    if (final) return this.finishChannel(ch);
    ch.fetch.id = undefined;
    ch.fetch.retryAt = this.now();
    ch.fetch.attempts = 0;
  }

  private applyChannelDifference(ch: ChannelBox, d: tl.updates.ChannelDifference): void {
    const { users, chats } = d;
    for (const m of d.newMessages) {
      if (isObject(m) && m._ !== 'messageEmpty') this.emit({ _: 'updateNewChannelMessage', message: m, pts: 0, ptsCount: 0 }, users, chats, 'channel-difference');
    }
    const pts = ch.box.pts ?? 0;
    for (const [u, slot] of inOrder(d.otherUpdates)) {
      if (slot.kind === 'channel' && slot.channelId === ch.id) {
        if (pts <= slot.start) this.emit(u, users, chats, 'channel-difference');
      } else if (slot.kind === 'none') {
        this.emit(u, users, chats, 'channel-difference');
      } else {
        this.processOne(u, users, chats, false, 'channel-difference');
      }
    }
    ch.box.pts = d.pts;
  }

  /**
   * The channel's box lost the updates after our pts: jump to the dialog's
   * pts and deliver the latest messages that are newer than any delivered.
   */
  private applyChannelTooLong(ch: ChannelBox, d: tl.updates.ChannelDifferenceTooLong): void {
    const pts = isObject(d.dialog) && d.dialog._ === 'dialog' && isInt(d.dialog.pts) ? d.dialog.pts : undefined;
    this.issue({
      kind: 'channel-too-long',
      message: `channel ${ch.id} difference too long: pts ${ch.box.pts} -> ${pts ?? 'unknown'}; only its latest messages are delivered, refetch its history`,
      channelId: ch.id,
      pts,
    });
    ch.box.pts = pts;
    const fresh = d.messages.filter((m) => isObject(m) && m._ !== 'messageEmpty' && isInt(m.id) && m.id > ch.maxMessageId).sort((a, b) => a.id - b.id);
    for (const m of fresh) this.emit({ _: 'updateNewChannelMessage', message: m, pts: 0, ptsCount: 0 }, d.users, d.chats, 'channel-difference');
  }

  private finishChannel(ch: ChannelBox): void {
    ch.fetch = undefined;
    this.channelFetches.delete(ch);
    const now = this.now();
    ch.lastActivity = now;
    this.applied(ch.box.drain(now, this.gapMs));
    const deferred = ch.deferred;
    ch.deferred = [];
    for (const d of deferred) this.offerChannel(ch.id, d.start, d.end, d.held);
  }

  /**
   * The difference cannot be fetched (no access hash, channel left or
   * banned): deliver what is held, in pts order, rather than sit on it.
   * `forget` also drops the channel's pts, so its next update starts afresh.
   */
  private giveUpChannel(ch: ChannelBox, reason: string, forget: boolean): void {
    ch.fetch = undefined;
    ch.lastActivity = this.now();
    this.channelFetches.delete(ch);
    const items = [...ch.box.takeHeld(), ...ch.deferred.map((d) => ({ start: d.start, end: d.end, item: d.held }))].sort((a, b) => a.end - b.end);
    ch.deferred = [];
    let pts = ch.box.pts ?? -1;
    let released = 0;
    for (const s of items) {
      if (s.end <= pts && s.end - s.start > 0) continue;
      if (s.end > pts) pts = s.end;
      if (s.item.update) this.emit(s.item.update, s.item.users, s.item.chats, s.item.source);
      released++;
    }
    if (pts >= 0) ch.box.pts = pts;
    if (forget) {
      this.channels.delete(ch.id);
      this.dirty = true;
    } else if (released > 0) {
      this.dirty = true;
    }
    this.issue({
      kind: 'channel-unavailable',
      message: `cannot fetch channel ${ch.id} difference (${reason}); ${released} held update(s) delivered as they are${forget ? ', channel forgotten' : ''}`,
      channelId: ch.id,
      reason,
      released,
    });
  }

  private inputChannel(id: bigint): tl.TypeInputChannel | undefined {
    try {
      const found = this.resolveChannel?.(id);
      if (found) return found;
    } catch (e) {
      this.issue({ kind: 'internal', message: `resolveChannel(${id}) threw: ${errorText(e)}`, error: e });
    }
    const accessHash = this.accessHashes.get(id);
    return accessHash === undefined ? undefined : { _: 'inputChannel', channelId: id, accessHash };
  }

  // ------------------------------------------------------------- plumbing

  private run(fn: () => void): UpdatesStep {
    try {
      fn();
    } catch (e) {
      this.issue({ kind: 'internal', message: `updates engine: ${errorText(e)}`, error: e });
    }
    try {
      this.pump();
    } catch (e) {
      this.issue({ kind: 'internal', message: `updates engine: ${errorText(e)}`, error: e });
    }
    return this.flush();
  }

  /** Sends what is due: the common fetch, then channel fetches up to the concurrency limit. */
  private pump(): void {
    if (this.stoppedBy || !this.started) return;
    const now = this.now();
    if (this.sync && this.sync.id === undefined && this.sync.retryAt <= now) this.sendSync(this.sync);
    let inFlight = 0;
    for (const ch of this.channelFetches) if (ch.fetch?.id !== undefined) inFlight++;
    for (const ch of [...this.channelFetches]) {
      if (inFlight >= this.maxChannelRequests) break;
      const f = ch.fetch;
      if (!f || f.id !== undefined || f.retryAt > now) continue;
      this.sendChannel(ch, f);
      if (f.id !== undefined) inFlight++;
    }
  }

  private send(request: UpdatesRequest, meta: InFlight): number {
    const id = this.nextId++;
    this.inFlight.set(id, meta);
    this.out.requests.push({ id, request } satisfies PendingRequest);
    return id;
  }

  private retryLater(fetch: Fetch, id: number | undefined, method: string, error: string): void {
    fetch.id = undefined;
    fetch.attempts++;
    const flood = /(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT)_(\d+)/.exec(error);
    const backoff = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (fetch.attempts - 1));
    const delay = Math.max(backoff, flood ? Number(flood[1]) * 1000 : 0);
    fetch.retryAt = this.now() + delay;
    this.issue({ kind: 'request-failed', message: `${method}${id === undefined ? '' : ` (request ${id})`} failed: ${error}; retrying in ${delay} ms`, id: id ?? 0, method, error, retryInMs: delay });
  }

  /** Nothing can be fetched any more: stop asking, and stop holding input for answers that will not come. */
  private stop(reason: string): void {
    this.stoppedBy = reason;
    this.issue({ kind: 'stopped', message: `updates stopped: ${reason}; log in again and start a new engine from state()`, reason });
    this.sync = undefined;
    this.inFlight.clear();
    for (const ch of this.channelFetches) {
      ch.fetch = undefined;
      const deferred = ch.deferred;
      ch.deferred = [];
      for (const d of deferred) this.offerChannel(ch.id, d.start, d.end, d.held);
    }
    this.channelFetches.clear();
    while (this.deferred.length > 0) this.replay(this.deferred.shift()!);
  }

  private flush(): UpdatesStep {
    const out = this.out;
    this.out = emptyOutput();
    out.stateChanged = this.dirty;
    this.dirty = false;
    out.deadline = this.deadline();
    return out;
  }

  private deadline(): number | undefined {
    let d = Infinity;
    const consider = (t: number | undefined) => {
      if (t !== undefined && t < d) d = t;
    };
    for (const f of this.inFlight.values()) consider(f.sentAt + this.requestTimeoutMs);
    if (this.stoppedBy || !this.started) return d === Infinity ? undefined : d;
    const now = this.now();
    if (this.sync) {
      if (this.sync.id === undefined) consider(this.sync.retryAt);
    } else {
      consider(this.common.gapDeadline);
      consider(this.secret.gapDeadline);
      consider(this.seqGapDeadline);
      consider(this.lastActivity + this.idleMs);
    }
    for (const ch of this.channels.values()) {
      if (ch.fetch) {
        // A fetch due now but not sent waits for a free slot, which an answer frees: no timer.
        if (ch.fetch.id === undefined && ch.fetch.retryAt > now) consider(ch.fetch.retryAt);
        continue;
      }
      consider(ch.box.gapDeadline);
      consider(ch.pollAt);
      if (ch.box.pts !== undefined && this.channelIdleMs !== Infinity) consider(ch.lastActivity + this.channelIdleMs);
    }
    return d === Infinity ? undefined : d;
  }

  private issue(i: UpdatesIssue): void {
    this.out.issues.push(i);
  }

  private malformed(message: string, input: unknown): void {
    this.issue({ kind: 'malformed', message, input });
  }

  private notePeers(users: unknown, chats: unknown): void {
    if (Array.isArray(users)) for (const u of users) if (isObject(u)) this.out.users.push(u as unknown as tl.TypeUser);
    if (!Array.isArray(chats)) return;
    for (const c of chats) {
      if (!isObject(c)) continue;
      this.out.chats.push(c as unknown as tl.TypeChat);
      const ok = (c._ === 'channel' && c.min !== true) || c._ === 'channelForbidden';
      if (ok && typeof c.id === 'bigint' && typeof c.accessHash === 'bigint') this.accessHashes.set(c.id, c.accessHash);
    }
  }

  private load(s: UpdatesState): void {
    this.common.pts = s.pts;
    this.secret.pts = s.qts;
    this.seq = s.seq;
    this.date = s.date;
    this.hasState = true;
    for (const [id, pts] of Object.entries(s.channels)) this.channel(BigInt(id)).box.pts = pts;
  }
}

/** A valid `updates.state`, or undefined. */
function checkState(x: unknown): tl.updates.State | undefined {
  if (!isObject(x) || x._ !== 'updates.state') return undefined;
  const ok = isInt(x.pts) && isInt(x.qts) && isInt(x.seq) && isInt(x.date);
  return ok ? (x as unknown as tl.updates.State) : undefined;
}

/**
 * A difference's updates with their slots, each ordered kind sorted by pts
 * (qts) among the positions it holds, the others left where they are.
 */
function inOrder(updates: tl.TypeUpdate[]): [tl.TypeUpdate, Slot][] {
  const pairs = updates.map((u) => [u, classify(u)] as [tl.TypeUpdate, Slot]);
  for (const kind of ['pts', 'qts', 'channel'] as const) {
    const at = pairs.flatMap((p, i) => (p[1].kind === kind ? [i] : []));
    const sorted = at.map((i) => pairs[i]!).sort((a, b) => end(a[1]) - end(b[1]));
    at.forEach((i, k) => (pairs[i] = sorted[k]!));
  }
  return pairs;
}

function end(s: Slot): number {
  return 'end' in s ? s.end : 0;
}

/** The RPC error text (`RpcError.errorMessage`) or the message of anything thrown. */
export function errorText(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const m = (e as { errorMessage?: unknown }).errorMessage ?? (e as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return String(e);
}
