/**
 * The engine's state, shared by its parts. The parts are plain functions that
 * take this object first: the per-update path then runs without virtual
 * dispatch, closures or extra objects (the dispatch benchmark measures it).
 */
import type { tl } from '../../schema/index.js';
import { OrderedBox } from './ordered-box.js';
import { RecentSet } from '../recent.js';
import { emptyStep } from './step.js';
import type { FeedContext, UpdateSource, UpdatesEngineOptions, UpdatesStep } from './types.js';

/** Delivered messages remembered, to drop one that comes twice (difference and live). */
const RECENT_MESSAGES = 4_096;

/** An ordered update waiting in a box; `update` is absent for a pts we consumed ourselves (a sent message). */
export interface Held {
  update: tl.TypeUpdate | undefined;
  users: tl.TypeUser[];
  chats: tl.TypeChat[];
  source: UpdateSource;
}

/** A container held behind a seq gap. */
export interface SeqHeld {
  seqStart: number;
  seq: number;
  date: number;
  updates: unknown[];
  users: tl.TypeUser[];
  chats: tl.TypeChat[];
}

/** An input held while the common state is fetched. */
export type Deferred =
  | { kind: 'updates'; updates: unknown; context: FeedContext | undefined }
  | { kind: 'affected'; start: number; end: number; channelId: bigint | undefined };

/** A difference being fetched: sent (`id`) or waiting to be sent at `retryAt`. */
export interface Fetch {
  reason: string;
  id: number | undefined;
  retryAt: number;
  attempts: number;
}

/** The common fetch: updates.getState or updates.getDifference. */
export interface SyncFetch extends Fetch {
  kind: 'state' | 'difference';
  /** updatePtsChanged arrived meanwhile: getState once this ends. */
  thenState: boolean;
}

export interface ChannelBox {
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

/** A request sent and not answered yet. */
export interface InFlight {
  kind: 'state' | 'difference' | 'channel';
  method: string;
  sentAt: number;
  channelId?: bigint;
}

export class EngineCore {
  // Settings.
  readonly now: () => number;
  selfId: bigint | undefined;
  readonly gapMs: number;
  readonly idleMs: number;
  readonly channelIdleMs: number;
  readonly requestTimeoutMs: number;
  readonly channelLimit: number;
  readonly maxChannelRequests: number;
  readonly ptsTotalLimit: number | undefined;
  readonly catchUpChannels: boolean;
  readonly resolveChannel: UpdatesEngineOptions['resolveChannel'];

  // The ordered sequences: common pts, qts, seq, and each channel's pts.
  readonly common = new OrderedBox<Held>();
  readonly secret = new OrderedBox<Held>();
  seq = 0;
  date = 0;
  seqHeld: SeqHeld[] = [];
  seqGapDeadline: number | undefined;
  readonly channels = new Map<bigint, ChannelBox>();
  /** Channels whose difference is wanted (sent or waiting), in request order. */
  readonly channelFetches = new Set<ChannelBox>();
  readonly accessHashes = new Map<bigint, bigint>();

  // Fetching.
  hasState = false;
  started = false;
  stoppedBy: string | undefined;
  /** The common fetch under way; while it is, all input waits in `deferred`. */
  sync: SyncFetch | undefined;
  deferred: Deferred[] = [];
  lastActivity: number;
  readonly inFlight = new Map<number, InFlight>();
  nextId = 1;

  // Output.
  readonly recent = new RecentSet<number | string>(RECENT_MESSAGES);
  /** What the current call produced so far; handed out and replaced by `flush`. */
  out: UpdatesStep = emptyStep();
  /** `state()` changed during the current call. */
  dirty = false;

  constructor(options: UpdatesEngineOptions) {
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
  }
}
