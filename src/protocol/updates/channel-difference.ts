/**
 * getChannelDifference for one channel: what is sent, what its answers
 * deliver, how a fetch ends (non-final answers fetch again), and giving up
 * on a channel that cannot be read any more.
 */
import type { tl } from '../../schema/index.js';
import { describe, isInt, isObject } from './classify.js';
import { releaseDeferred } from './channel-box.js';
import type { ChannelBox, EngineCore, Fetch, InFlight } from './core.js';
import { inOrder } from './in-order.js';
import { errorText, retryLater, send } from './requests.js';
import { processOne } from './route.js';
import { deliver, emit, issue, malformed, notePeers } from './step.js';

/** Errors meaning this channel cannot be read any more (left, kicked, banned, deleted). */
const CHANNEL_GONE = /CHANNEL_PRIVATE|CHANNEL_INVALID|CHANNEL_PUBLIC_GROUP_NA|USER_BANNED_IN_CHANNEL|CHAT_FORBIDDEN/;

export function sendChannel(core: EngineCore, ch: ChannelBox, fetch: Fetch): void {
  const channel = inputChannel(core, ch.id);
  if (!channel) return giveUpChannel(core, ch, 'its access hash is unknown', false);
  if (ch.box.pts === undefined) return giveUpChannel(core, ch, 'its pts is unknown', false);
  fetch.id = send(
    core,
    { _: 'updates.getChannelDifference', channel, filter: { _: 'channelMessagesFilterEmpty' }, pts: ch.box.pts, limit: core.channelLimit },
    { kind: 'channel', method: 'updates.getChannelDifference', sentAt: core.now(), channelId: ch.id },
  );
}

export function onChannelDifference(core: EngineCore, channelId: bigint, result: unknown): void {
  const ch = core.channels.get(channelId);
  if (!ch?.fetch) return;
  const bad = (message: string) => {
    malformed(core, `channel ${channelId}: ${message}`, result);
    retryLater(core, ch.fetch!, undefined, 'updates.getChannelDifference', 'malformed result');
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
      notePeers(core, d.users, d.chats);
      applyChannelDifference(core, ch, d);
      final = d.final === true;
      break;
    }
    case 'updates.channelDifferenceTooLong': {
      if (![r.messages, r.users, r.chats].every(Array.isArray)) return bad('channelDifferenceTooLong without its lists');
      const d = r as unknown as tl.updates.ChannelDifferenceTooLong;
      notePeers(core, d.users, d.chats);
      applyChannelTooLong(core, ch, d);
      break;
    }
    default:
      return bad(`getChannelDifference returned ${r._}`);
  }
  core.dirty = true;
  if (ch.open && isInt(r.timeout) && r.timeout > 0) ch.pollAt = core.now() + r.timeout * 1000;
  if (final) return finishChannel(core, ch);
  ch.fetch.id = undefined;
  ch.fetch.retryAt = core.now();
  ch.fetch.attempts = 0;
}

/** getChannelDifference failed (not fatally): a channel we lost is given up, anything else retried. */
export function onChannelError(core: EngineCore, f: InFlight, id: number, text: string): void {
  const ch = core.channels.get(f.channelId!)!;
  if (!ch.fetch) return;
  if (CHANNEL_GONE.test(text) || /PERSISTENT_TIMESTAMP_INVALID/.test(text)) return giveUpChannel(core, ch, text, true);
  retryLater(core, ch.fetch, id, f.method, text);
}

function applyChannelDifference(core: EngineCore, ch: ChannelBox, d: tl.updates.ChannelDifference): void {
  const { users, chats } = d;
  for (const m of d.newMessages) {
    if (isObject(m) && m._ !== 'messageEmpty') emit(core, { _: 'updateNewChannelMessage', message: m, pts: 0, ptsCount: 0 }, users, chats, 'channel-difference');
  }
  const pts = ch.box.pts ?? 0;
  for (const [u, slot] of inOrder(d.otherUpdates)) {
    if (slot.kind === 'channel' && slot.channelId === ch.id) {
      if (pts <= slot.start) emit(core, u, users, chats, 'channel-difference');
    } else if (slot.kind === 'none') {
      emit(core, u, users, chats, 'channel-difference');
    } else {
      processOne(core, u, users, chats, false, 'channel-difference');
    }
  }
  ch.box.pts = d.pts;
}

/**
 * The channel's box lost the updates after our pts: jump to the dialog's
 * pts and deliver the latest messages that are newer than any delivered.
 */
function applyChannelTooLong(core: EngineCore, ch: ChannelBox, d: tl.updates.ChannelDifferenceTooLong): void {
  const pts = isObject(d.dialog) && d.dialog._ === 'dialog' && isInt(d.dialog.pts) ? d.dialog.pts : undefined;
  issue(core, {
    kind: 'channel-too-long',
    message: `channel ${ch.id} difference too long: pts ${ch.box.pts} -> ${pts ?? 'unknown'}; only its latest messages are delivered, refetch its history`,
    channelId: ch.id,
    pts,
  });
  ch.box.pts = pts;
  const fresh = d.messages.filter((m) => isObject(m) && m._ !== 'messageEmpty' && isInt(m.id) && m.id > ch.maxMessageId).sort((a, b) => a.id - b.id);
  for (const m of fresh) emit(core, { _: 'updateNewChannelMessage', message: m, pts: 0, ptsCount: 0 }, d.users, d.chats, 'channel-difference');
}

function finishChannel(core: EngineCore, ch: ChannelBox): void {
  ch.fetch = undefined;
  core.channelFetches.delete(ch);
  const now = core.now();
  ch.lastActivity = now;
  deliver(core, ch.box.drain(now, core.gapMs));
  releaseDeferred(core, ch);
}

/**
 * The difference cannot be fetched (no access hash, channel left or
 * banned): deliver what is held, in pts order, rather than sit on it.
 * `forget` also drops the channel's pts, so its next update starts afresh.
 */
function giveUpChannel(core: EngineCore, ch: ChannelBox, reason: string, forget: boolean): void {
  ch.fetch = undefined;
  ch.lastActivity = core.now();
  core.channelFetches.delete(ch);
  const items = [...ch.box.takeHeld(), ...ch.deferred.map((d) => ({ start: d.start, end: d.end, item: d.held }))].sort((a, b) => a.end - b.end);
  ch.deferred = [];
  let pts = ch.box.pts ?? -1;
  let released = 0;
  for (const s of items) {
    if (s.end <= pts && s.end - s.start > 0) continue;
    if (s.end > pts) pts = s.end;
    if (s.item.update) emit(core, s.item.update, s.item.users, s.item.chats, s.item.source);
    released++;
  }
  if (pts >= 0) ch.box.pts = pts;
  if (forget) {
    core.channels.delete(ch.id);
    core.dirty = true;
  } else if (released > 0) {
    core.dirty = true;
  }
  issue(core, {
    kind: 'channel-unavailable',
    message: `cannot fetch channel ${ch.id} difference (${reason}); ${released} held update(s) delivered as they are${forget ? ', channel forgotten' : ''}`,
    channelId: ch.id,
    reason,
    released,
  });
}

/** The channel with its access hash: from the driver's peer cache, else from the chats seen here. */
function inputChannel(core: EngineCore, id: bigint): tl.TypeInputChannel | undefined {
  try {
    const found = core.resolveChannel?.(id);
    if (found) return found;
  } catch (e) {
    issue(core, { kind: 'internal', message: `resolveChannel(${id}) threw: ${errorText(e)}`, error: e });
  }
  const accessHash = core.accessHashes.get(id);
  return accessHash === undefined ? undefined : { _: 'inputChannel', channelId: id, accessHash };
}
