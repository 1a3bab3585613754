/** The public shapes of the updates engine: what goes in, what comes out, what is saved. */
import type { tl } from '../../schema/index.js';

/**
 * What must be saved so that a restart neither loses nor repeats updates.
 * Plain JSON: channel ids are decimal strings (JSON has no bigint).
 */
export interface UpdatesState {
  /** The common message box (private chats and basic groups). */
  pts: number;
  /** Secret chats and bot-only events (`updateBotStopped`, `updateChatParticipant`, ...). */
  qts: number;
  /** The sequence of `updates` / `updatesCombined` containers. */
  seq: number;
  /** Server time (seconds) of the last applied container; getDifference needs it. */
  date: number;
  /** Each channel's (supergroup's) own pts, by channel id as a decimal string. */
  channels: Record<string, number>;
}

/** Where an emitted update came from. */
export type UpdateSource = 'live' | 'difference' | 'channel-difference';

/** One update to deliver, with the users and chats it came with (for the peer cache and handlers). */
export interface UpdateEvent {
  update: tl.TypeUpdate;
  users: tl.TypeUser[];
  chats: tl.TypeChat[];
  source: UpdateSource;
}

/** The requests the engine asks its driver to send. */
export type UpdatesRequest = tl.updates.GetStateRequest | tl.updates.GetDifferenceRequest | tl.updates.GetChannelDifferenceRequest;

/** A request to send; answer it with `resolve(id, result)` or `reject(id, error)`. */
export interface PendingRequest {
  id: number;
  request: UpdatesRequest;
}

/** Which ordered sequence a report is about. */
export type UpdatesBox = 'pts' | 'qts' | 'seq' | 'channel';

/**
 * Something worth a log line. The engine never throws on what the server or
 * the driver hands it: it reports here and carries on.
 */
export type UpdatesIssue =
  | { kind: 'malformed'; message: string; input?: unknown }
  | { kind: 'gap'; message: string; box: UpdatesBox; channelId?: bigint; local: number; remote: number }
  | { kind: 'fetching'; message: string; box: 'common' | 'channel'; channelId?: bigint; reason: string }
  | { kind: 'difference-too-long'; message: string; pts: number }
  | { kind: 'channel-too-long'; message: string; channelId: bigint; pts: number | undefined }
  | { kind: 'channel-unavailable'; message: string; channelId: bigint; reason: string; released: number }
  | { kind: 'state-reset'; message: string; reason: string }
  | { kind: 'request-failed'; message: string; id: number; method: string; error: string; retryInMs: number | undefined }
  | { kind: 'request-timeout'; message: string; id: number; method: string }
  | { kind: 'stale-result'; message: string; id: number }
  | { kind: 'stopped'; message: string; reason: string }
  | { kind: 'internal'; message: string; error: unknown };

/** What one call into the engine produced. */
export interface UpdatesStep {
  /** Updates to deliver, in this order (pts order within each box). */
  updates: UpdateEvent[];
  /** Requests to send now. */
  requests: PendingRequest[];
  /** Every user and chat seen in this step, duplicates' included: feed them to the peer cache first. */
  users: tl.TypeUser[];
  chats: tl.TypeChat[];
  issues: UpdatesIssue[];
  /** Call `tick()` at this time (engine clock, ms) even if nothing else happens; undefined: no timer needed. */
  deadline: number | undefined;
  /** `state()` changed: save it once `updates` are delivered. */
  stateChanged: boolean;
}

/** The context of a result: the request that produced it (to complete `updateShortSentMessage`). */
export interface FeedContext {
  request?: { readonly _: string };
}

export interface UpdatesEngineOptions {
  /** Milliseconds since the epoch; tests inject a fake clock. Defaults to `Date.now`. */
  now?: () => number;
  /** The saved state; without it the engine starts with `updates.getState` (no catch-up). */
  state?: UpdatesState;
  /** The logged-in user's id: the author of outgoing short messages. */
  selfId?: bigint;
  /** Bots may fetch 100000 channel updates at once, users 100 (Telegram's limits). */
  isBot?: boolean;
  /** How long to wait for a missing update before asking for the difference (spec: 0.5 s). */
  gapTimeoutMs?: number;
  /** getDifference after this long without any update, to catch a silently stopped stream (15 min). */
  idleTimeoutMs?: number;
  /** getChannelDifference for a known channel quiet this long; default `idleTimeoutMs`, `Infinity` turns it off. */
  channelIdleTimeoutMs?: number;
  /** Re-send a request the driver never answered after this long. */
  requestTimeoutMs?: number;
  /** `limit` of getChannelDifference; default 100 for users, 100000 for bots. */
  channelDifferenceLimit?: number;
  /** At most this many getChannelDifference in flight at once. */
  maxChannelRequests?: number;
  /** Passed to getDifference when set: the server answers differenceTooLong past it. */
  ptsTotalLimit?: number;
  /** On start from a saved state, also fetch each saved channel's difference. Default true. */
  catchUpChannels?: boolean;
  /** Looks up a channel's access hash (the peer cache); the engine also remembers the channels it sees. */
  resolveChannel?: (channelId: bigint) => tl.TypeInputChannel | undefined;
}
