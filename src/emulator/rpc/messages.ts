/** messages.*: sending, editing, deleting and forwarding messages, with Telegram's checks and errors. */
import type { tl } from '../../schema/index.js';
import type { PeerRef } from '../world/activity.js';
import type { StoredMessage } from '../world/chats.js';
import type { MessageContent } from '../world/messages.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';
import { answerUpdates, asCaller, sentUpdates } from './own-updates.js';
import { peerOf, peerRefOf, refOf, requireMember } from './peers.js';

/** Telegram's limit on a message's text, in UTF-16 code units. */
export const MAX_MESSAGE_LENGTH = 4096;
/** And on a callback button's data, in bytes. */
const MAX_CALLBACK_DATA = 64;

/**
 * messages.sendMessage: MESSAGE_EMPTY, MESSAGE_TOO_LONG, ENTITY_BOUNDS_INVALID,
 * BUTTON_DATA_INVALID, USER_IS_BOT (bot to bot), CHAT_WRITE_FORBIDDEN (a
 * broadcast channel from a non-creator); a random_id already used answers
 * RANDOM_ID_DUPLICATE and posts nothing. A plain private message answers
 * updateShortSentMessage, as Telegram does (no seq: the sender's other
 * sessions get updateShortMessage, which takes none); the rest `updates`.
 */
export function sendMessage(ctx: CallContext, req: tl.messages.SendMessageRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  const to = writableTarget(ctx, req.peer);
  const content = checkedContent(ctx, { text: req.message, entities: req.entities, replyMarkup: req.replyMarkup, silent: req.silent }, false);
  content.replyTo = replyToOf(req.replyTo);
  if (ctx.world.activity.messages.recall(me.id, req.randomId)) throw new RpcFailure(500, 'RANDOM_ID_DUPLICATE');
  const short = 'user' in to && !content.replyMarkup;
  const answered = asCaller(ctx, () => ctx.world.activity.post({ from: me.id, to, content, short: short && 'sender' }));
  const sent = answered.value;
  ctx.world.activity.messages.remember(me.id, req.randomId);
  if (short) {
    const answer: tl.UpdateShortSentMessage = { _: 'updateShortSentMessage', out: true, id: sent.id, pts: sent.pts, ptsCount: 1, date: sent.date };
    if (content.entities?.length) answer.entities = content.entities;
    return answer;
  }
  return sentUpdates(ctx, answered, [sent], [req.randomId]);
}

/**
 * messages.editMessage: the author only (MESSAGE_AUTHOR_REQUIRED), a message
 * that exists (MESSAGE_ID_INVALID), something that changes (MESSAGE_NOT_MODIFIED).
 * Answers the caller's updateEditMessage / updateEditChannelMessage.
 */
export function editMessage(ctx: CallContext, req: tl.messages.EditMessageRequest): tl.TypeUpdates {
  const me = loggedIn(ctx);
  const to = peerRefOf(ctx, req.peer);
  requireMember(ctx, to);
  const activity = ctx.world.activity;
  const stored = activity.messages.find(me.id, to, req.id);
  if (!stored || stored.message._ !== 'message') throw new RpcFailure(400, 'MESSAGE_ID_INVALID');
  if (activity.messages.authorOf(stored) !== me.id) throw new RpcFailure(403, 'MESSAGE_AUTHOR_REQUIRED');
  const old = stored.message;
  const text = req.message ?? old.message;
  const content = checkedContent(ctx, { text, entities: req.entities ?? (req.message === undefined ? old.entities : undefined), replyMarkup: req.replyMarkup ?? old.replyMarkup }, old.media !== undefined);
  if (text === old.message && same(content.entities ?? [], old.entities ?? []) && same(content.replyMarkup, old.replyMarkup)) throw new RpcFailure(400, 'MESSAGE_NOT_MODIFIED');
  const answered = asCaller(ctx, () =>
    activity.messages.edit(me.id, to, req.id, (m) => {
      const next: tl.Message = { ...m, message: text, entities: content.entities?.length ? content.entities : undefined, replyMarkup: content.replyMarkup };
      if (!next.entities) delete next.entities;
      if (!next.replyMarkup) delete next.replyMarkup;
      return next;
    }),
  );
  return answerUpdates(ctx, answered);
}

/**
 * messages.deleteMessages: ids in the caller's box, any chat. `revoke` deletes
 * for everyone (in a basic group only one's own messages, unless the creator);
 * otherwise only for the caller. Answers affectedMessages.
 */
export function deleteMessages(ctx: CallContext, req: tl.messages.DeleteMessagesRequest): tl.messages.AffectedMessages {
  const me = loggedIn(ctx).id;
  const activity = ctx.world.activity;
  const box = ctx.world.updates.box(me);
  const groups = new Map<string, { to: PeerRef; revoke: number[]; mine: number[] }>();
  for (const id of new Set(req.id)) {
    const stored = box.messages.get(id);
    if (!stored) continue;
    const to = refOf(stored.message.peerId);
    const key = 'user' in to ? `u${to.user}` : `c${(to as { chat: bigint }).chat}`;
    const group = groups.get(key) ?? { to, revoke: [], mine: [] };
    groups.set(key, group);
    const mayRevoke = 'user' in to || activity.messages.authorOf(stored) === me || ctx.world.conversations.get((to as { chat: bigint }).chat)?.creator === me;
    (req.revoke && mayRevoke ? group.revoke : group.mine).push(id);
  }
  let count = 0;
  // affectedMessages is the caller's news (pts, pts_count): its session gets no push of it.
  asCaller(ctx, () => {
    for (const g of groups.values()) {
      if (g.revoke.length) count += activity.messages.delete(me, g.to, g.revoke, true).length;
      if (g.mine.length) count += activity.messages.delete(me, g.to, g.mine, false).length;
    }
  });
  return { _: 'messages.affectedMessages', pts: box.pts.current, ptsCount: count };
}

/**
 * messages.forwardMessages: copies of the messages (service messages left out)
 * with a fwd_from header naming the original sender (unless drop_author),
 * posted to `to_peer` as one batch. RANDOM_ID_INVALID when the random ids do
 * not match the ids; MESSAGE_ID_INVALID when none of them exists.
 */
export function forwardMessages(ctx: CallContext, req: tl.messages.ForwardMessagesRequest): tl.TypeUpdates {
  const me = loggedIn(ctx).id;
  if (req.randomId.length !== req.id.length || new Set(req.randomId).size !== req.randomId.length) throw new RpcFailure(400, 'RANDOM_ID_INVALID');
  const from = peerRefOf(ctx, req.fromPeer);
  requireMember(ctx, from);
  const to = writableTarget(ctx, req.toPeer);
  const activity = ctx.world.activity;
  const picked: { stored: StoredMessage & { message: tl.Message }; randomId: bigint }[] = [];
  req.id.forEach((id, i) => {
    const stored = activity.messages.find(me, from, id);
    if (stored?.message._ === 'message') picked.push({ stored: stored as StoredMessage & { message: tl.Message }, randomId: req.randomId[i]! });
  });
  if (picked.length === 0) throw new RpcFailure(400, 'MESSAGE_ID_INVALID');
  if (picked.some((p) => activity.messages.recall(me, p.randomId))) throw new RpcFailure(500, 'RANDOM_ID_DUPLICATE');
  const answered = asCaller(ctx, () =>
    activity.batch(() =>
      picked.map(({ stored, randomId }) => {
        const m = stored.message;
        const content: MessageContent = { text: m.message, entities: m.entities, media: m.media, silent: req.silent, groupedId: m.groupedId };
        if (!req.dropAuthor) content.fwdFrom = m.fwdFrom?._ === 'messageFwdHeader' ? m.fwdFrom : forwardHeader(stored, from);
        if ('user' in to && to.user === me) savedFrom(content, from, m.id);
        const s = activity.post({ from: me, to, content });
        activity.messages.remember(me, randomId);
        return s;
      }),
    ),
  );
  return sentUpdates(ctx, answered, answered.value, picked.map((p) => p.randomId));
}

/** The peer a message may be posted to by the caller, with the checks every send makes. */
export function writableTarget(ctx: CallContext, peer: tl.TypeInputPeer): PeerRef {
  const me = loggedIn(ctx);
  const to = peerRefOf(ctx, peer);
  if ('user' in to) {
    // To oneself: Saved Messages (a bot has none, and writes to no bot).
    if (me.kind === 'bot' && ctx.world.accounts.get(to.user)!.kind === 'bot') throw new RpcFailure(400, 'USER_IS_BOT');
    return to;
  }
  requireMember(ctx, to);
  if ('channel' in to) {
    const channel = ctx.world.conversations.channel(to.channel)!;
    if (channel.broadcast && channel.creator !== me.id) throw new RpcFailure(403, 'CHAT_WRITE_FORBIDDEN');
  }
  return to;
}

/** Checks text, entities and buttons as Telegram does; users' reply markup is dropped (only bots send keyboards). */
export function checkedContent(ctx: CallContext, content: MessageContent, hasMedia: boolean): MessageContent {
  const text = content.text;
  if (typeof text !== 'string') throw new RpcFailure(400, 'MESSAGE_EMPTY');
  if (!hasMedia && !text.trim()) throw new RpcFailure(400, 'MESSAGE_EMPTY');
  if (text.length > MAX_MESSAGE_LENGTH) throw new RpcFailure(400, hasMedia ? 'MEDIA_CAPTION_TOO_LONG' : 'MESSAGE_TOO_LONG');
  for (const e of content.entities ?? []) {
    const span = e as { offset?: number; length?: number };
    if (typeof span.offset !== 'number' || typeof span.length !== 'number' || span.offset < 0 || span.length <= 0 || span.offset + span.length > text.length) {
      throw new RpcFailure(400, 'ENTITY_BOUNDS_INVALID');
    }
  }
  const out = { ...content };
  if (loggedIn(ctx).kind !== 'bot') delete out.replyMarkup;
  else if (out.replyMarkup?._ === 'replyInlineMarkup') {
    for (const row of out.replyMarkup.rows) {
      for (const b of row.buttons) if (b._ === 'keyboardButtonCallback' && (b.data.length === 0 || b.data.length > MAX_CALLBACK_DATA)) throw new RpcFailure(400, 'BUTTON_DATA_INVALID');
    }
  }
  return out;
}

/** The id an InputReplyTo names (replies to stories are not emulated). */
export function replyToOf(replyTo: tl.TypeInputReplyTo | undefined): number | undefined {
  return replyTo?._ === 'inputReplyToMessage' ? replyTo.replyToMsgId : undefined;
}

/** Where a forwarded message came from: its sender, or the channel for a broadcast post. */
function forwardHeader(stored: StoredMessage & { message: tl.Message }, from: PeerRef): tl.MessageFwdHeader {
  const m = stored.message;
  const header: tl.MessageFwdHeader = { _: 'messageFwdHeader', date: m.date };
  if (m.post && 'channel' in from) {
    header.fromId = peerOf(from);
    header.channelPost = m.id;
  } else if (m.fromId) header.fromId = m.fromId;
  return header;
}

/**
 * A forward to Saved Messages files under the chat it came from (its saved
 * dialog), and its header says where it was saved from.
 */
function savedFrom(content: MessageContent, from: PeerRef, id: number): void {
  content.savedPeer = peerOf(from);
  if (content.fwdFrom) content.fwdFrom = { ...content.fwdFrom, savedFromPeer: peerOf(from), savedFromMsgId: id };
}

/** Structural equality for TL values (bigints and bytes included). */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => JSON.stringify(v ?? null, (_, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? [...x] : x));
  return norm(a) === norm(b);
}
