/**
 * Messages as the world keeps them: posted (text, media, forwards, inline
 * results, service messages), edited, deleted, pinned, reacted to. Private
 * chats and basic groups keep one copy per member box (each with its own id
 * and pts); a channel keeps one. Every change is recorded in the update logs
 * of the boxes it touches and pushed through the update fault knobs.
 */
import type { tl } from '../../schema/index.js';
import type { Channel, ChannelEvent, Conversations, StoredMessage } from './chats.js';
import type { AccountUpdates, CommonEvent } from './updates.js';
import type { PeerRef, SentMessage } from './activity.js';
import { RecentSet } from '../../protocol/recent.js';
import { Copies } from './copies.js';

/** What a message says and carries. `replyTo` is an id in the sender's box (or the channel's). */
export interface MessageContent {
  text: string;
  entities?: tl.TypeMessageEntity[];
  media?: tl.TypeMessageMedia;
  replyMarkup?: tl.TypeReplyMarkup;
  replyTo?: number;
  fwdFrom?: tl.MessageFwdHeader;
  viaBotId?: bigint;
  groupedId?: bigint;
  silent?: boolean;
  /** In Saved Messages: the saved dialog it files under (default: the sender's own). */
  savedPeer?: tl.TypePeer;
}

export type AnyMessage = tl.Message | tl.MessageService;

/** The fields every message of one post shares, as one member sees it. */
interface Base {
  id: number;
  peerId: tl.TypePeer;
  date: number;
  fromId?: tl.TypePeer;
  out?: boolean;
  post?: boolean;
  silent?: boolean;
  replyTo?: tl.MessageReplyHeader;
  savedPeerId?: tl.TypePeer;
}

export const peerUser = (userId: bigint): tl.PeerUser => ({ _: 'peerUser', userId });

/**
 * How many of each sender's random_ids are remembered at least, for RANDOM_ID_DUPLICATE.
 * A client repeats one within seconds of a lost answer, and Telegram lets a
 * bot send about 30 messages a second: 2,048 is over a minute of that. (A
 * larger table, out of the CPU's cache, cost a miss or two per message.)
 */
export const RANDOM_IDS_KEPT = 2_048;

export class Messages {
  /** The random_ids each sender used (the newest RANDOM_IDS_KEPT): the same random_id twice posts once. */
  private readonly byRandomId = new Map<bigint, RecentSet<bigint>>();
  /** One immutable peerUser per user, shared by every message that names it. */
  private readonly userPeers = new Map<bigint, tl.PeerUser>();

  constructor(
    private readonly conversations: Conversations,
    private readonly updates: AccountUpdates,
  ) {}

  /**
   * A message from `from`: THE one way a message enters the world. `short`:
   * see `insert`; 'sender' for the sender's box only (messages.sendMessage
   * answers updateShortSentMessage, which takes no seq, so the sender's other
   * sessions get updateShortMessage, which takes none either).
   */
  post(from: bigint, to: PeerRef, content: MessageContent, options: { short?: boolean | 'sender' } = {}): SentMessage {
    if (typeof content?.text !== 'string') throw new TypeError('post: content.text must be a string');
    return this.insert(from, to, content.replyTo, content.silent, options.short ?? false, (base) => {
      // The base becomes the message: one object a copy, not two.
      const m = base as unknown as tl.Message;
      m._ = 'message';
      m.message = content.text;
      if (content.entities?.length) m.entities = content.entities;
      if (content.media) m.media = content.media;
      if (content.replyMarkup) m.replyMarkup = content.replyMarkup;
      if (content.fwdFrom) m.fwdFrom = content.fwdFrom;
      if (content.viaBotId !== undefined) m.viaBotId = content.viaBotId;
      if (content.groupedId !== undefined) m.groupedId = content.groupedId;
      return m;
    }, content.savedPeer);
  }

  /** Whether `from` has posted with this random_id (lately: see RANDOM_IDS_KEPT). */
  recall(from: bigint, randomId: bigint): boolean {
    return this.byRandomId.get(from)?.has(randomId) ?? false;
  }

  remember(from: bigint, randomId: bigint): void {
    let mine = this.byRandomId.get(from);
    // A client resends within seconds; a bot that posts forever must not grow this forever.
    if (!mine) this.byRandomId.set(from, (mine = new RecentSet(RANDOM_IDS_KEPT)));
    mine.add(randomId);
  }

  /** A service message (someone joined, left, renamed the chat, pinned a message…). */
  postService(from: bigint, to: PeerRef, action: tl.TypeMessageAction, replyTo?: number): SentMessage {
    return this.insert(from, to, replyTo, undefined, false, (base) => ({ _: 'messageService', ...base, action }));
  }

  /** The message `id` as `viewer` has it in the chat `to` (its box, or the channel). */
  find(viewer: bigint, to: PeerRef, id: number): StoredMessage | undefined {
    if ('channel' in to) return this.conversations.channel(to.channel)?.messages.get(id);
    const stored = this.updates.box(viewer).messages.get(id);
    return stored && samePeer(stored.message.peerId, to) ? stored : undefined;
  }

  /** Who wrote a stored message. */
  authorOf(stored: StoredMessage): bigint | undefined {
    return stored.author ?? senderOf(stored.message);
  }

  /**
   * Changes a message for everyone: `updateEditMessage` in each member's box
   * (with its own copy), or one `updateEditChannelMessage`.
   */
  edit(from: bigint, to: PeerRef, id: number, change: (m: tl.Message) => tl.Message): void {
    const date = this.updates.date();
    const apply = (m: AnyMessage): AnyMessage => (m._ === 'message' ? { ...change(m), editDate: date } : m);
    this.eachCopy(from, to, id, apply, (message, pts) => ({ _: 'updateEditMessage', message, pts, ptsCount: 1 }), (message, pts) => ({ _: 'updateEditChannelMessage', message, pts, ptsCount: 1 }));
  }

  /** Sets or clears a message's pinned flag for everyone: updatePinnedMessages / updatePinnedChannelMessages. */
  pin(from: bigint, to: PeerRef, id: number, pinned: boolean): void {
    this.eachCopy(
      from,
      to,
      id,
      (m) => ({ ...m, pinned: pinned || undefined }) as AnyMessage,
      (message, pts) => ({ _: 'updatePinnedMessages', pinned: pinned || undefined, peer: message.peerId, messages: [message.id], pts, ptsCount: 1 }),
      (message, pts) => ({ _: 'updatePinnedChannelMessages', pinned: pinned || undefined, channelId: (message.peerId as tl.PeerChannel).channelId, messages: [message.id], pts, ptsCount: 1 }),
    );
  }

  /**
   * Deletes messages for everyone (`updateDeleteMessages`, pts_count = how many,
   * in each member's box; one `updateDeleteChannelMessages`), or, without
   * `revoke`, only from `from`'s box. Returns the ids gone from `from`'s box.
   */
  delete(from: bigint, to: PeerRef, ids: readonly number[], revoke = true): number[] {
    if ('channel' in to) {
      const channel = this.conversations.channel(to.channel)!;
      const gone = [...new Set(ids)].filter((id) => channel.messages.delete(id));
      if (gone.length) this.channelEvent(channel, gone.length, (pts) => ({ update: { _: 'updateDeleteChannelMessages', channelId: channel.id, messages: gone, pts, ptsCount: gone.length }, users: [] }));
      return gone;
    }
    const byOwner = new Map<bigint, number[]>();
    for (const id of new Set(ids)) {
      const stored = this.find(from, to, id);
      if (!stored) continue;
      const copies = (revoke && stored.copies) || Copies.of(from, id);
      for (const [owner, ownerId] of copies) {
        if (!this.updates.box(owner).messages.delete(ownerId)) continue;
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), ownerId]);
      }
    }
    const date = this.updates.date();
    for (const [owner, gone] of byOwner) {
      const box = this.updates.box(owner);
      const entry = this.updates.record(box.pts, gone.length, (pts): CommonEvent => ({ update: { _: 'updateDeleteMessages', messages: gone, pts, ptsCount: gone.length }, users: [], chats: [] }), owner);
      const update = entry.event!.update;
      this.updates.send({ userId: owner, box: { kind: 'common' }, updates: [update], short: { _: 'updateShort', update, date }, users: [], chats: [] });
    }
    return byOwner.get(from) ?? [];
  }

  /** Pushes an update that no log keeps (typing, statuses, bot queries) as `updateShort`, through the fault knobs. */
  ephemeral(userId: bigint, update: tl.TypeUpdate, users: bigint[] = [], chats: bigint[] = []): void {
    this.updates.send({ userId, box: { kind: 'common' }, updates: [update], short: { _: 'updateShort', update, date: this.updates.date() }, users, chats });
  }

  /** Records a channel event and pushes it to every member, with the member's own `out`. */
  channelEvent(channel: Channel, count: number, make: (pts: number) => ChannelEvent): void {
    const entry = this.updates.record(channel.log, count, make);
    const event = entry.event!;
    for (const member of channel.members) {
      this.updates.send({
        userId: member,
        box: { kind: 'channel', channelId: channel.id, ptsBefore: entry.start },
        updates: [channelUpdateFor(event, member)],
        users: event.users,
        chats: [channel.id],
      });
    }
  }

  /** The shared peerUser of a user (messages never change their peers in place). */
  private peerOf(userId: bigint): tl.PeerUser {
    let peer = this.userPeers.get(userId);
    if (!peer) this.userPeers.set(userId, (peer = Object.freeze(peerUser(userId))));
    return peer;
  }

  /**
   * `short`: private messages go out as updateShortMessage where they fit
   * (which names no users: the receiver must know the sender already);
   * otherwise as `updates` carrying the users, so a first message introduces its sender.
   */
  private insert(from: bigint, to: PeerRef, replyTo: number | undefined, silent: boolean | undefined, short: boolean | 'sender', make: (base: Base) => AnyMessage, savedPeer?: tl.TypePeer): SentMessage {
    const date = this.updates.date();
    if ('channel' in to) {
      const channel = this.conversations.channel(to.channel)!;
      const id = channel.nextMessageId++;
      const base = baseOf(id, { _: 'peerChannel', channelId: channel.id }, date, silent);
      if (channel.broadcast) base.post = true;
      else base.fromId = this.peerOf(from);
      if (replyTo !== undefined && channel.messages.has(replyTo)) base.replyTo = { _: 'messageReplyHeader', replyToMsgId: replyTo };
      const message = make(base);
      channel.messages.set(id, { message, author: from } satisfies StoredMessage);
      const { users } = mentioned(message, from);
      this.channelEvent(channel, 1, (pts) => ({ update: { _: 'updateNewChannelMessage', message, pts, ptsCount: 1 }, senderId: from, users }));
      return { id, date, ids: new Map([...channel.members].map((m) => [m, id])), from, to, pts: channel.log.current };
    }
    let members: { owner: bigint; peer: tl.TypePeer; other?: bigint }[];
    // Saved Messages: the private chat with oneself, one copy in one box.
    if ('user' in to && to.user === from) members = [{ owner: from, peer: this.peerOf(from), other: from }];
    else if ('user' in to) {
      members = [
        { owner: from, peer: this.peerOf(to.user), other: to.user },
        { owner: to.user, peer: this.peerOf(from), other: from },
      ];
    } else {
      const chat = this.conversations.get(to.chat)!;
      members = [...chat.members].map((owner) => ({ owner, peer: { _: 'peerChat', chatId: to.chat } }));
    }
    const replied = replyTo === undefined ? undefined : this.find(from, to, replyTo);
    const copies = new Copies(
      members.map((m) => m.owner),
      (owner) => this.updates.box(owner).nextMessageId++,
    );
    let pts = 0;
    for (const m of members) {
      const id = copies.get(m.owner)!;
      const base = baseOf(id, m.peer, date, silent);
      base.fromId = this.peerOf(from);
      if (m.owner === from) base.out = true;
      if (m.other === m.owner) base.savedPeerId = savedPeer ?? this.peerOf(from);
      const replyId = replied && (replied.copies?.get(m.owner) ?? (m.owner === from ? replyTo : undefined));
      if (replyId !== undefined) base.replyTo = { _: 'messageReplyHeader', replyToMsgId: replyId };
      const message = make(base);
      const box = this.updates.box(m.owner);
      let event!: NewMessageEvent;
      const entry = this.updates.record(box.pts, 1, (pts) => (event = new NewMessageEvent(message, pts, copies)), m.owner);
      box.messages.set(id, event);
      if (m.owner === from) pts = entry.end;
      const asShort = (short === true || (short === 'sender' && m.owner === from)) && m.other !== undefined && shortFits(message) ? message : undefined;
      if (this.updates.watched(m.owner)) {
        const { users, chats } = event.peers();
        const shortForm = asShort && shortMessage(asShort, m.other!, entry.end);
        this.updates.send({ userId: m.owner, box: { kind: 'common' }, updates: [event.update], short: shortForm, users, chats });
      } else {
        // Nobody to push it to: only the seq it takes counts (a short form takes none), so nothing is built.
        this.updates.send({ userId: m.owner, box: { kind: 'common' }, updates: [], short: asShort && UNSENT_SHORT, users: [], chats: [] });
      }
    }
    return { id: copies.get(from)!, date, ids: copies, from, to, pts };
  }

  /** Changes every copy of a message and records one pts event per box (or one channel event). */
  private eachCopy(
    from: bigint,
    to: PeerRef,
    id: number,
    change: (m: AnyMessage) => AnyMessage,
    common: (message: AnyMessage, pts: number) => tl.TypeUpdate,
    channelUpdate: (message: AnyMessage, pts: number) => tl.TypeUpdate,
  ): void {
    const stored = this.find(from, to, id);
    if (!stored) throw new Error(`there is no message ${id} there`);
    if ('channel' in to) {
      const channel = this.conversations.channel(to.channel)!;
      const message = change(stored.message);
      stored.message = message;
      const { users } = mentioned(message, undefined);
      return this.channelEvent(channel, 1, (pts) => ({ update: channelUpdate(message, pts), senderId: stored.author, users }));
    }
    for (const [owner, ownerId] of stored.copies ?? Copies.of(from, id)) {
      const box = this.updates.box(owner);
      const copy = box.messages.get(ownerId);
      if (!copy) continue;
      const message = change(copy.message);
      copy.message = message;
      const { users, chats } = mentioned(message, message.peerId._ === 'peerUser' ? message.peerId.userId : undefined);
      if ('chat' in to) chats.push(to.chat);
      const entry = this.updates.record(box.pts, 1, (pts): CommonEvent => ({ update: common(message, pts), users, chats }), owner);
      this.updates.send({ userId: owner, box: { kind: 'common' }, updates: [entry.event!.update], users, chats });
    }
  }
}

/**
 * What every message of a post starts from. Fields are only ever added when
 * set, so encoded flags match what is set and the object keeps one shape
 * (post() turns it into the message itself, without a copy).
 */
function baseOf(id: number, peerId: tl.TypePeer, date: number, silent: boolean | undefined): Base {
  const base: Base = new MessageBase(id, peerId, date);
  if (silent !== undefined) base.silent = silent;
  return base;
}

/**
 * Made with `new`, not as a literal: V8 leaves room inside objects made by a
 * constructor for the fields added after it (a literal's spill into a second
 * allocation, grown as they come), and a message gets five or more.
 */
class MessageBase {
  constructor(
    readonly id: number,
    readonly peerId: tl.TypePeer,
    readonly date: number,
  ) {}
}

/**
 * A new message in an account's box: its entry in the box's messages and its
 * event in the box's log, one object for both. Most of a busy box is these;
 * the update and the peers it names are made when read, so a message keeps
 * one object beside itself, not six: the garbage collector copies what the
 * emulator keeps, and it kept this.
 */
class NewMessageEvent implements CommonEvent, StoredMessage {
  /** The copy as posted, once an edit or a reaction has replaced it: the log shows the post, and the edit is an event of its own. */
  private posted: AnyMessage | undefined;

  constructor(
    private current: AnyMessage,
    readonly pts: number,
    readonly copies: Copies,
  ) {}

  /** The copy as it stands now. */
  get message(): AnyMessage {
    return this.current;
  }

  set message(message: AnyMessage) {
    this.posted ??= this.current;
    this.current = message;
  }

  get update(): tl.UpdateNewMessage {
    return { _: 'updateNewMessage', message: this.posted ?? this.current, pts: this.pts, ptsCount: 1 };
  }

  get users(): bigint[] {
    return this.peers().users;
  }

  get chats(): bigint[] {
    return this.peers().chats;
  }

  /** The users and chats the update names (both at once: the live push needs both). */
  peers(): { users: bigint[]; chats: bigint[] } {
    // The chat it is in, from the copy itself: the other side of a private chat (oneself in Saved Messages), or the group.
    const message = this.posted ?? this.current;
    const peer = message.peerId;
    const named = mentioned(message, peer._ === 'peerUser' ? peer.userId : undefined);
    if (peer._ === 'peerChat') named.chats.push(peer.chatId);
    return named;
  }
}

/** Whether a private message fits updateShortMessage: no media, no keyboard, no service action. */
function shortFits(message: AnyMessage): message is tl.Message {
  return message._ === 'message' && !message.media && !message.replyMarkup;
}

/** What stands for a short form no one is logged in to be pushed. */
const UNSENT_SHORT: tl.TypeUpdates = { _: 'updatesTooLong' };

/** updateShortMessage for a private message that fits it (see shortFits). */
function shortMessage(message: tl.Message, other: bigint, pts: number): tl.UpdateShortMessage {
  return compact<tl.UpdateShortMessage>({
    _: 'updateShortMessage',
    out: message.out,
    silent: message.silent,
    id: message.id,
    userId: other,
    message: message.message,
    pts,
    ptsCount: 1,
    date: message.date,
    fwdFrom: message.fwdFrom,
    viaBotId: message.viaBotId,
    replyTo: message.replyTo,
    entities: message.entities,
  });
}

/** The users and chats a message names, for the containers that carry it. */
export function mentioned(message: AnyMessage, other: bigint | undefined): { users: bigint[]; chats: bigint[] } {
  const users: bigint[] = [];
  const chats: bigint[] = [];
  addPeer(message.fromId, users, chats);
  if (other !== undefined && other !== users[0]) users.push(other);
  if (message._ === 'message') {
    if (message.viaBotId !== undefined) users.push(message.viaBotId);
    if (message.fwdFrom?._ === 'messageFwdHeader') addPeer(message.fwdFrom.fromId, users, chats);
  } else {
    const a = message.action as { users?: bigint[]; userId?: bigint; inviterId?: bigint };
    users.push(...(a.users ?? []));
    if (a.userId !== undefined) users.push(a.userId);
    if (a.inviterId !== undefined) users.push(a.inviterId);
  }
  return { users, chats };
}

function addPeer(p: tl.TypePeer | undefined, users: bigint[], chats: bigint[]): void {
  if (p?._ === 'peerUser') users.push(p.userId);
  else if (p?._ === 'peerChannel') chats.push(p.channelId);
  else if (p?._ === 'peerChat') chats.push(p.chatId);
}

/** Whether a message's peer (in an account's box) is the chat `to` names (peerUser(self): Saved Messages). */
export function samePeer(peer: tl.TypePeer, to: PeerRef): boolean {
  if ('user' in to) return peer._ === 'peerUser' && peer.userId === to.user;
  if ('chat' in to) return peer._ === 'peerChat' && peer.chatId === to.chat;
  return peer._ === 'peerChannel' && peer.channelId === to.channel;
}

export function senderOf(message: AnyMessage): bigint | undefined {
  return message.fromId?._ === 'peerUser' ? message.fromId.userId : undefined;
}

/** A channel update as `viewer` sees it: its own messages are `out`. */
export function channelUpdateFor(event: ChannelEvent, viewer: bigint): tl.TypeUpdate {
  const u = event.update as { message?: tl.TypeMessage };
  if (event.senderId !== viewer || (u.message?._ !== 'message' && u.message?._ !== 'messageService')) return event.update;
  return { ...event.update, message: { ...u.message, out: true } } as tl.TypeUpdate;
}

/**
 * Drops undefined fields, so encoded flags match what is set. A copy, not
 * `delete`, which would turn every message into a slow dictionary object.
 */
function compact<T extends object>(o: T): T {
  const out = {} as Record<string, unknown>;
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}
