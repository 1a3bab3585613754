/**
 * updates.getDifference and updates.getChannelDifference, answered from the
 * update logs. The logs are faithful: a difference lists the events after the
 * client's position as they happened (a message, then its edit, then its
 * deletion), not a summary of where things stand.
 */
import type { tl } from '../../schema/index.js';
import type { Account } from './accounts.js';
import { channelUpdateFor } from './activity.js';
import type { Channel, ChannelEvent, Conversations } from './chats.js';
import type { LogEntry } from './update-log.js';
import type { AccountUpdates, CommonEvent } from './updates.js';

/** A refusal, as Telegram words it: the RPC layer turns it into an rpc_error. */
export class DifferenceError extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`);
  }
}

/** getChannelDifference's `limit`: Telegram lets bots fetch up to 100,000 at once, users 100. */
export const CHANNEL_LIMIT = { user: 100, bot: 100_000 } as const;
/** Seconds after which a client that shows the channel should ask again. */
export const CHANNEL_TIMEOUT_S = 30;

/**
 * updates.getDifference for `viewer`:
 * - `differenceTooLong` when `pts` is older than what the log keeps, or the gap is larger than `pts_total_limit`;
 * - `differenceEmpty` when nothing happened after `pts` and `qts`;
 * - `difference`, or `differenceSlice` (with `intermediate_state`) past `differenceLimit` events
 *   (or `pts_limit` / `qts_limit`): `updateNewMessage`s become `new_messages`, the rest `other_updates`.
 * `date` is not used: the logs are ordered by pts and qts alone.
 */
export function getDifference(updates: AccountUpdates, viewer: Account, req: tl.updates.GetDifferenceRequest): tl.updates.TypeDifference {
  const box = updates.box(viewer.id);
  const date = updates.date();
  const pts = box.pts.current;
  const qts = box.qts.current;
  if (req.ptsTotalLimit !== undefined && pts - req.pts > req.ptsTotalLimit) return { _: 'updates.differenceTooLong', pts };
  if (!box.pts.reaches(req.pts)) return { _: 'updates.differenceTooLong', pts };
  if (req.pts >= pts && req.qts >= qts) return { _: 'updates.differenceEmpty', date, seq: box.seq };

  const limit = updates.differenceLimit;
  const ptsSlice = box.pts.since(req.pts, Math.min(limit, positive(req.ptsLimit)));
  const qtsBudget = Math.min(limit - ptsSlice.entries.length, positive(req.qtsLimit));
  const qtsSlice = box.qts.since(req.qts, qtsBudget);
  const entries: LogEntry<CommonEvent>[] = [...ptsSlice.entries, ...qtsSlice.entries];

  const newMessages: tl.TypeMessage[] = [];
  const otherUpdates: tl.TypeUpdate[] = [];
  const users: bigint[] = [];
  const chats: bigint[] = [];
  for (const { event } of entries) {
    if (!event) continue; // a skipped pts
    if (event.update._ === 'updateNewMessage') newMessages.push(event.update.message);
    else otherUpdates.push(event.update);
    users.push(...event.users);
    chats.push(...event.chats);
  }
  const lists = {
    newMessages,
    newEncryptedMessages: [],
    otherUpdates,
    chats: updates.chatsFor(chats, viewer.id),
    users: updates.usersFor(users, viewer.id),
  };
  if (!ptsSlice.more && !qtsSlice.more) {
    return { _: 'updates.difference', ...lists, state: { _: 'updates.state', pts, qts, date, seq: box.seq, unreadCount: 0 } };
  }
  const lastPts = ptsSlice.entries.at(-1)?.end ?? Math.max(req.pts, box.pts.floor);
  const lastQts = qtsSlice.entries.at(-1)?.end ?? req.qts;
  return { _: 'updates.differenceSlice', ...lists, intermediateState: { _: 'updates.state', pts: lastPts, qts: lastQts, date, seq: box.seq, unreadCount: 0 } };
}

/**
 * updates.getChannelDifference for `viewer`, a member of the channel:
 * - `channelDifferenceTooLong` when `pts` is older than what the channel's log keeps:
 *   the dialog (with the channel's pts) and its latest `limit` messages;
 * - `channelDifferenceEmpty` at the channel's pts;
 * - `channelDifference` with at most `limit` events, `final` unset while more follow.
 * Errors: CHANNEL_INVALID (unknown channel or wrong access hash), CHANNEL_PRIVATE (not a
 * member), PERSISTENT_TIMESTAMP_EMPTY (pts <= 0), PERSISTENT_TIMESTAMP_INVALID (pts ahead
 * of the channel). `force` changes nothing: the emulator never skips events.
 */
export function getChannelDifference(
  updates: AccountUpdates,
  conversations: Conversations,
  viewer: Account,
  req: tl.updates.GetChannelDifferenceRequest,
): tl.updates.TypeChannelDifference {
  const input = req.channel;
  const channel = input._ === 'inputChannel' ? conversations.channel(input.channelId) : undefined;
  if (!channel || input._ !== 'inputChannel' || !conversations.accessHashOk(viewer.id, channel.id, input.accessHash)) {
    throw new DifferenceError(400, 'CHANNEL_INVALID');
  }
  if (!channel.members.has(viewer.id)) throw new DifferenceError(400, 'CHANNEL_PRIVATE');
  if (req.pts <= 0) throw new DifferenceError(400, 'PERSISTENT_TIMESTAMP_EMPTY');
  const log = channel.log;
  if (req.pts > log.current) throw new DifferenceError(400, 'PERSISTENT_TIMESTAMP_INVALID');
  const max = viewer.kind === 'bot' ? CHANNEL_LIMIT.bot : CHANNEL_LIMIT.user;
  const limit = Math.max(1, Math.min(max, req.limit));
  const chats = [conversations.object(channel, viewer.id)];

  if (!log.reaches(req.pts)) return tooLong(updates, channel, viewer, limit, chats);
  if (req.pts === log.current) return { _: 'updates.channelDifferenceEmpty', final: true, pts: log.current, timeout: CHANNEL_TIMEOUT_S };

  const slice = log.since(req.pts, limit);
  const keep = filterOf(req.filter);
  const newMessages: tl.TypeMessage[] = [];
  const otherUpdates: tl.TypeUpdate[] = [];
  const users: bigint[] = [];
  for (const { event } of slice.entries) {
    if (!event || !keep(event)) continue;
    const update = channelUpdateFor(event, viewer.id);
    if (update._ === 'updateNewChannelMessage') newMessages.push(update.message);
    else otherUpdates.push(update);
    users.push(...event.users);
  }
  return {
    _: 'updates.channelDifference',
    final: slice.more ? undefined : true,
    pts: slice.entries.at(-1)!.end,
    timeout: CHANNEL_TIMEOUT_S,
    newMessages,
    otherUpdates,
    chats,
    users: updates.usersFor(users, viewer.id),
  };
}

/** The channel's dialog (its pts now) and its latest messages, newest first. */
function tooLong(updates: AccountUpdates, channel: Channel, viewer: Account, limit: number, chats: tl.TypeChat[]): tl.updates.ChannelDifferenceTooLong {
  const ids = [...channel.messages.keys()].sort((a, b) => b - a).slice(0, limit);
  const messages: tl.TypeMessage[] = [];
  const users: bigint[] = [];
  for (const id of ids) {
    const stored = channel.messages.get(id)!;
    const m = stored.message;
    messages.push(stored.author === viewer.id ? { ...m, out: true } : m);
    if (m.fromId?._ === 'peerUser') users.push(m.fromId.userId);
  }
  const top = ids[0] ?? 0;
  const dialog: tl.Dialog = {
    _: 'dialog',
    peer: { _: 'peerChannel', channelId: channel.id },
    topMessage: top,
    readInboxMaxId: top,
    readOutboxMaxId: top,
    unreadCount: 0,
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    unreadPollVotesCount: 0,
    notifySettings: { _: 'peerNotifySettings' },
    pts: channel.log.current,
  };
  return { _: 'updates.channelDifferenceTooLong', final: true, timeout: CHANNEL_TIMEOUT_S, dialog, messages, chats, users: updates.usersFor(users, viewer.id) };
}

/** channelMessagesFilter: only events about messages in the ranges; `exclude_new_messages` drops new ones. */
function filterOf(filter: tl.TypeChannelMessagesFilter): (event: ChannelEvent) => boolean {
  if (filter._ !== 'channelMessagesFilter') return () => true;
  const inRanges = (id: number) => filter.ranges.some((r) => r.minId <= id && id <= r.maxId);
  return (event) => {
    const u = event.update;
    if (u._ === 'updateNewChannelMessage') return !filter.excludeNewMessages && inRanges(u.message.id);
    if (u._ === 'updateEditChannelMessage') return inRanges(u.message.id);
    if (u._ === 'updateDeleteChannelMessages') return u.messages.some(inRanges);
    return true;
  };
}

function positive(limit: number | undefined): number {
  return limit === undefined || limit <= 0 ? Infinity : limit;
}
