/**
 * Time in the engine: what `tick()` finds due (a gap that did not fill, a
 * quiet box, an open channel's poll) and the next deadline a step returns, so
 * the driver keeps a single timer.
 */
import { requestChannel } from './channel-box.js';
import { requestSync } from './common-box.js';
import type { EngineCore } from './core.js';

/** Asks for the differences that are due at `now`. */
export function requestDueFetches(core: EngineCore, now: number): void {
  if (core.started && !core.sync) {
    const gap = [core.common.gapDeadline, core.secret.gapDeadline, core.seqGapDeadline].some((d) => d !== undefined && d <= now);
    if (gap) requestSync(core, 'difference', 'a gap did not fill in time');
    // A stream the server silently stopped looks like this; the difference restarts it.
    else if (now >= core.lastActivity + core.idleMs) requestSync(core, 'difference', `no updates for ${Math.round((now - core.lastActivity) / 1000)} s`);
  }
  if (!core.started) return;
  for (const ch of core.channels.values()) {
    if (ch.fetch) continue;
    if (ch.box.gapDeadline !== undefined && ch.box.gapDeadline <= now) requestChannel(core, ch, 'a gap did not fill in time');
    else if (ch.pollAt !== undefined && ch.pollAt <= now) requestChannel(core, ch, 'polling an open channel');
    else if (ch.box.pts !== undefined && now >= ch.lastActivity + core.channelIdleMs) requestChannel(core, ch, 'no updates for a long time');
  }
}

/** The earliest time `tick()` has something to do, or undefined. */
export function nextDeadline(core: EngineCore): number | undefined {
  let d = Infinity;
  const consider = (t: number | undefined) => {
    if (t !== undefined && t < d) d = t;
  };
  for (const f of core.inFlight.values()) consider(f.sentAt + core.requestTimeoutMs);
  if (core.stoppedBy || !core.started) return d === Infinity ? undefined : d;
  const now = core.now();
  if (core.sync) {
    if (core.sync.id === undefined) consider(core.sync.retryAt);
  } else {
    consider(core.common.gapDeadline);
    consider(core.secret.gapDeadline);
    consider(core.seqGapDeadline);
    consider(core.lastActivity + core.idleMs);
  }
  for (const ch of core.channels.values()) {
    if (ch.fetch) {
      // A fetch due now but not sent waits for a free slot, which an answer frees: no timer.
      if (ch.fetch.id === undefined && ch.fetch.retryAt > now) consider(ch.fetch.retryAt);
      continue;
    }
    consider(ch.box.gapDeadline);
    consider(ch.pollAt);
    if (ch.box.pts !== undefined && core.channelIdleMs !== Infinity) consider(ch.lastActivity + core.channelIdleMs);
  }
  return d === Infinity ? undefined : d;
}
