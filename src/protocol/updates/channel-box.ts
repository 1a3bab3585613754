/**
 * Each channel's own pts box: updates are offered in order, and held while
 * the channel's difference is fetched; a gap that does not fill, or
 * updateChannelTooLong, asks for getChannelDifference.
 */
import type { ChannelBox, EngineCore, Held } from './core.js';
import { OrderedBox } from './ordered-box.js';
import { deliver, issue, malformed } from './step.js';

/** The channel's box, made on first sight (its pts unknown until an update or the state names it). */
export function channelBox(core: EngineCore, id: bigint): ChannelBox {
  let ch = core.channels.get(id);
  if (!ch) {
    ch = { id, box: new OrderedBox<Held>(), fetch: undefined, deferred: [], lastActivity: core.now(), open: false, pollAt: undefined, maxMessageId: 0 };
    core.channels.set(id, ch);
  }
  return ch;
}

export function offerChannel(core: EngineCore, channelId: bigint, start: number, end: number, held: Held): void {
  const ch = channelBox(core, channelId);
  ch.lastActivity = core.now();
  if (ch.fetch) {
    ch.deferred.push({ start, end, held });
    return;
  }
  const waiting = ch.box.gapDeadline !== undefined;
  const r = ch.box.offer({ start, end, item: held }, core.now(), core.gapMs);
  deliver(core, r.applied);
  if (r.held && !waiting) {
    issue(core, {
      kind: 'gap',
      message: `channel ${channelId} pts gap: local ${ch.box.pts}, received ${end} (count ${end - start}); waiting ${core.gapMs} ms`,
      box: 'channel',
      channelId,
      local: ch.box.pts!,
      remote: end,
    });
  }
}

export function channelTooLong(core: EngineCore, channelId: bigint, pts: number | undefined): void {
  const ch = channelBox(core, channelId);
  ch.lastActivity = core.now();
  if (ch.box.pts === undefined) {
    if (pts === undefined) {
      return malformed(core, `updateChannelTooLong for channel ${channelId}, whose pts is unknown, without a pts: cannot fetch its difference`, { channelId });
    }
    ch.box.pts = pts; // spec: not stored yet (joined elsewhere): start fetching from the given pts
    core.dirty = true;
  }
  requestChannel(core, ch, 'updateChannelTooLong');
}

/** Asks for the channel's difference (sent by the engine's pump, a few channels at a time). */
export function requestChannel(core: EngineCore, ch: ChannelBox, reason: string): void {
  if (ch.fetch || core.stoppedBy) return;
  ch.fetch = { reason, id: undefined, retryAt: core.now(), attempts: 0 };
  ch.box.gapDeadline = undefined;
  ch.pollAt = undefined;
  core.channelFetches.add(ch);
  issue(core, { kind: 'fetching', message: `fetching channel ${ch.id} difference: ${reason}`, box: 'channel', channelId: ch.id, reason });
}

/** The fetch is over (or abandoned): offer, in arrival order, what waited for it. */
export function releaseDeferred(core: EngineCore, ch: ChannelBox): void {
  const deferred = ch.deferred;
  ch.deferred = [];
  for (const d of deferred) offerChannel(core, ch.id, d.start, d.end, d.held);
}
