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
 *
 * This class only coordinates: each public call runs a part on the shared
 * state (core.ts), sends the fetches that are due, and hands out the step.
 * The parts, in the order an update meets them:
 * - feed.ts: one `Updates` input, by constructor; replaying held input;
 * - seq.ts: the seq of containers; route.ts: each update to its box;
 * - common-box.ts (pts, qts) and channel-box.ts: the ordered boxes, and
 *   asking for their difference when a gap does not fill;
 * - difference.ts and channel-difference.ts: those fetches and their answers;
 * - requests.ts (ids, retries), timers.ts (what is due, the next deadline),
 *   step.ts (what a call delivers and reports).
 */
import type { tl } from '../../schema/index.js';
import { describe, isInt, isObject } from './classify.js';
import { channelBox, releaseDeferred, requestChannel } from './channel-box.js';
import { onChannelDifference, onChannelError, sendChannel } from './channel-difference.js';
import { requestSync } from './common-box.js';
import { EngineCore, type Deferred } from './core.js';
import { onDifference, onState, onSyncError, sendSync } from './difference.js';
import { handleUpdates, holdingInput, replay } from './feed.js';
import { awaited, errorText, expireRequests, FATAL } from './requests.js';
import { parseUpdatesState } from './state.js';
import { emptyStep, issue, malformed, notePeers } from './step.js';
import { nextDeadline, requestDueFetches } from './timers.js';
import type { FeedContext, UpdatesEngineOptions, UpdatesState, UpdatesStep } from './types.js';

export class UpdatesEngine {
  private readonly core: EngineCore;

  constructor(options: UpdatesEngineOptions = {}) {
    const core = (this.core = new EngineCore(options));
    if (options.state !== undefined) {
      try {
        load(core, parseUpdatesState(options.state));
      } catch (e) {
        issue(core, { kind: 'state-reset', message: `the saved updates state is unusable (${errorText(e)}); starting from updates.getState`, reason: errorText(e) });
      }
    }
  }

  // ---------------------------------------------------------------- inputs

  /** Begins: catches up from the saved state (getDifference), or fetches the current one (getState). */
  start(): UpdatesStep {
    const core = this.core;
    return this.run(() => {
      if (core.started) return;
      core.started = true;
      core.lastActivity = core.now();
      if (!core.hasState) return requestSync(core, 'state', 'start without a saved state');
      requestSync(core, 'difference', 'start from the saved state');
      if (core.catchUpChannels) for (const ch of core.channels.values()) requestChannel(core, ch, 'start from the saved state');
    });
  }

  /**
   * Any `Updates` the server pushed or a request returned. For the result of
   * messages.sendMessage / sendMedia pass the request in `context`, so that an
   * `updateShortSentMessage` becomes a full `updateNewMessage`.
   */
  feed(updates: tl.TypeUpdates | unknown, context?: FeedContext): UpdatesStep {
    const core = this.core;
    return this.run(() => {
      core.lastActivity = core.now();
      if (isObject(updates)) notePeers(core, updates.users, updates.chats);
      if (holdingInput(core)) core.deferred.push({ kind: 'updates', updates, context });
      else handleUpdates(core, updates, context);
    });
  }

  /**
   * A `messages.affectedMessages` / `affectedHistory` / `affectedFoundMessages`
   * result (deleteMessages, readHistory, ...): it moves pts like an update
   * does. `channelId` for channels.deleteMessages and friends.
   */
  applyAffected(affected: { pts: number; ptsCount: number }, channelId?: bigint): UpdatesStep {
    const core = this.core;
    return this.run(() => {
      const { pts, ptsCount } = (typeof affected === 'object' && affected !== null ? affected : {}) as { pts?: unknown; ptsCount?: unknown };
      if (!isInt(pts) || !isInt(ptsCount) || ptsCount < 0 || pts < ptsCount) {
        return malformed(core, `affected messages with pts ${describe(pts)} and ptsCount ${describe(ptsCount)}`, affected);
      }
      if (channelId !== undefined && typeof channelId !== 'bigint') return malformed(core, `affected messages for channel ${describe(channelId)}`, affected);
      const d: Deferred = { kind: 'affected', start: pts - ptsCount, end: pts, channelId };
      if (holdingInput(core)) core.deferred.push(d);
      else replay(core, d);
    });
  }

  /** The answer to request `id`. */
  resolve(id: number, result: unknown): UpdatesStep {
    const core = this.core;
    return this.run(() => {
      const f = awaited(core, id);
      if (!f) return issue(core, { kind: 'stale-result', message: `result for request ${id}, which is not awaited (timed out or unknown): ignored`, id });
      if (f.kind === 'channel') onChannelDifference(core, f.channelId!, result);
      else if (f.kind === 'state') onState(core, result);
      else onDifference(core, result);
    });
  }

  /** Request `id` failed (an RpcError, a timeout, a closed connection). */
  reject(id: number, error: unknown): UpdatesStep {
    const core = this.core;
    return this.run(() => {
      const f = awaited(core, id);
      if (!f) return issue(core, { kind: 'stale-result', message: `error for request ${id}, which is not awaited: ignored`, id });
      const text = errorText(error);
      if (FATAL.test(text)) return stop(core, `${f.method} failed with ${text}`);
      if (f.kind !== 'channel') return onSyncError(core, f, id, text);
      onChannelError(core, f, id, text);
    });
  }

  /** Time passed: gaps that did not fill, idle boxes, retries, unanswered requests. */
  tick(): UpdatesStep {
    const core = this.core;
    return this.run(() => {
      const now = core.now();
      expireRequests(core, now);
      requestDueFetches(core, now);
    });
  }

  /** After a reconnect (updates may have been lost in between): fetch the difference now. */
  catchUp(options: { channels?: boolean } = {}): UpdatesStep {
    const core = this.core;
    return this.run(() => {
      if (!core.started) return;
      requestSync(core, core.hasState ? 'difference' : 'state', 'catch up');
      if (options.channels ?? true) for (const ch of core.channels.values()) if (ch.box.pts !== undefined) requestChannel(core, ch, 'catch up');
    });
  }

  /**
   * The user is looking at this channel (or reads one they did not join):
   * Telegram does not push all of its updates then, so it is polled every
   * `timeout` seconds the server asks for. `pts` seeds an unknown channel
   * (from messages.getDialogs or channels.getFullChannel).
   */
  openChannel(channelId: bigint, pts?: number): UpdatesStep {
    const core = this.core;
    return this.run(() => {
      const ch = channelBox(core, channelId);
      ch.open = true;
      if (ch.box.pts === undefined && isInt(pts) && pts >= 0) {
        ch.box.pts = pts;
        core.dirty = true;
      }
      if (ch.box.pts !== undefined && core.started) requestChannel(core, ch, 'channel opened');
    });
  }

  /** The logged-in user, once known (login happened after the engine was made). */
  setSelfId(id: bigint): void {
    this.core.selfId = id;
  }

  closeChannel(channelId: bigint): void {
    const ch = this.core.channels.get(channelId);
    if (!ch) return;
    ch.open = false;
    ch.pollAt = undefined;
  }

  // ---------------------------------------------------------------- outputs

  /** What to save (a copy): save it after delivering the updates of a step with `stateChanged`. */
  state(): UpdatesState {
    const core = this.core;
    const channels: Record<string, number> = {};
    for (const [id, ch] of core.channels) if (ch.box.pts !== undefined) channels[id.toString()] = ch.box.pts;
    return { pts: core.common.pts ?? 0, qts: core.secret.pts ?? 0, seq: core.seq, date: core.date, channels };
  }

  /** Why the engine stopped asking for anything (the session was revoked), or undefined. */
  get stopped(): string | undefined {
    return this.core.stoppedBy;
  }

  // ------------------------------------------------------------- plumbing

  /** Runs one call: a throw becomes an issue (the engine never throws at its driver), then the step. */
  private run(fn: () => void): UpdatesStep {
    const core = this.core;
    try {
      fn();
    } catch (e) {
      issue(core, { kind: 'internal', message: `updates engine: ${errorText(e)}`, error: e });
    }
    try {
      pump(core);
    } catch (e) {
      issue(core, { kind: 'internal', message: `updates engine: ${errorText(e)}`, error: e });
    }
    return flush(core);
  }
}

/** Sends what is due: the common fetch, then channel fetches up to the concurrency limit. */
function pump(core: EngineCore): void {
  if (core.stoppedBy || !core.started) return;
  const now = core.now();
  if (core.sync && core.sync.id === undefined && core.sync.retryAt <= now) sendSync(core, core.sync);
  let inFlight = 0;
  for (const ch of core.channelFetches) if (ch.fetch?.id !== undefined) inFlight++;
  for (const ch of [...core.channelFetches]) {
    if (inFlight >= core.maxChannelRequests) break;
    const f = ch.fetch;
    if (!f || f.id !== undefined || f.retryAt > now) continue;
    sendChannel(core, ch, f);
    if (f.id !== undefined) inFlight++;
  }
}

/** Hands out what this call produced and starts collecting the next step. */
function flush(core: EngineCore): UpdatesStep {
  const out = core.out;
  core.out = emptyStep();
  out.stateChanged = core.dirty;
  core.dirty = false;
  out.deadline = nextDeadline(core);
  return out;
}

/** Nothing can be fetched any more: stop asking, and stop holding input for answers that will not come. */
function stop(core: EngineCore, reason: string): void {
  core.stoppedBy = reason;
  issue(core, { kind: 'stopped', message: `updates stopped: ${reason}; log in again and start a new engine from state()`, reason });
  core.sync = undefined;
  core.inFlight.clear();
  for (const ch of core.channelFetches) {
    ch.fetch = undefined;
    releaseDeferred(core, ch);
  }
  core.channelFetches.clear();
  while (core.deferred.length > 0) replay(core, core.deferred.shift()!);
}

function load(core: EngineCore, s: UpdatesState): void {
  core.common.pts = s.pts;
  core.secret.pts = s.qts;
  core.seq = s.seq;
  core.date = s.date;
  core.hasState = true;
  for (const [id, pts] of Object.entries(s.channels)) channelBox(core, BigInt(id)).box.pts = pts;
}
