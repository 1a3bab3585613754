/**
 * What happens in the world, as tests make it happen: chats and channels are
 * created, messages sent, edited and deleted. Each event is recorded in the
 * update logs of the boxes it touches (getDifference serves them from there)
 * and pushed to the sessions of the accounts it concerns, through the update
 * fault knobs. `emulator.updates` is this.
 */
import type { tl } from '../../schema/index.js';
import type { Accounts } from './accounts.js';
import type { Channel, ChannelEvent, Conversations, StoredMessage } from './chats.js';
import type { AccountUpdates, CommonEvent } from './updates.js';

/** Where a message goes: a private chat with a user, a basic group, or a channel (megagroup or broadcast). */
export type PeerRef = { user: bigint } | { chat: bigint } | { channel: bigint };

export interface NewChat {
  /** The account that creates it (a member). */
  creator: bigint;
  title: string;
  /** The other members. */
  members?: readonly bigint[];
}

export interface NewChannel extends NewChat {
  /** A broadcast channel (posts carry no from_id) instead of a megagroup. Default false. */
  broadcast?: boolean;
}

export interface SendMessage {
  from: bigint;
  to: PeerRef;
  text: string;
}

export interface SentMessage {
  /** The message's id in the sender's box (private chats, basic groups) or in the channel. */
  id: number;
  /** Server time, seconds. */
  date: number;
  /**
   * Its id in each member's box: private chats and basic groups number
   * messages per account; a channel's id is the same for every member.
   */
  ids: ReadonlyMap<bigint, number>;
}

export interface EditMessage {
  /** The author. */
  from: bigint;
  to: PeerRef;
  /** The id in the author's box (or the channel's). */
  id: number;
  text: string;
}

export interface DeleteMessages {
  /** Who deletes them, for everyone; ids are in this account's box (or the channel's). */
  from: bigint;
  to: PeerRef;
  ids: readonly number[];
}

const peerUser = (userId: bigint): tl.PeerUser => ({ _: 'peerUser', userId });

export class Activity {
  constructor(
    private readonly accounts: Accounts,
    private readonly conversations: Conversations,
    private readonly updates: AccountUpdates,
  ) {}

  /** A basic group; nothing is pushed until something is said in it. Returns its id. */
  createChat(options: NewChat): { chatId: bigint } {
    const members = this.checkMembers('createChat', options);
    const chat = this.conversations.createChat({ title: options.title, creator: options.creator, members, date: this.updates.date() });
    return { chatId: chat.id };
  }

  /** A megagroup (or, with `broadcast`, a channel) with its own pts starting at 1. Returns its id. */
  createChannel(options: NewChannel): { channelId: bigint } {
    const members = this.checkMembers('createChannel', options);
    const channel = this.conversations.createChannel({ title: options.title, creator: options.creator, members, date: this.updates.date(), broadcast: options.broadcast ?? false });
    return { channelId: channel.id };
  }

  /** The `inputChannel` (with the access hash `viewer` is given) to name a channel in requests. */
  inputChannel(viewer: bigint, channelId: bigint): tl.InputChannel {
    if (!this.conversations.channel(channelId)) throw new Error(`inputChannel: there is no channel ${channelId}`);
    return { _: 'inputChannel', channelId, accessHash: this.conversations.accessHashFor(viewer, channelId) };
  }

  /**
   * A message from `from`. Private chat: `updateShortMessage` to both sides
   * (each box has its own id and pts). Basic group: `updates` (with seq)
   * carrying `updateNewMessage` to each member. Channel: `updates` (seq 0)
   * carrying `updateNewChannelMessage` (the channel's pts) to each member.
   */
  sendMessage(options: SendMessage): SentMessage {
    const { from, to, text } = options;
    this.account('sendMessage', from);
    if (typeof text !== 'string') throw new TypeError('sendMessage: text must be a string');
    const date = this.updates.date();
    if ('channel' in to) return this.sendToChannel(from, this.channelOf('sendMessage', to.channel, from), text, date);
    const copies = new Map<bigint, number>();
    let members: { owner: bigint; peer: tl.TypePeer; other?: bigint }[];
    let chatId: bigint | undefined;
    if ('user' in to) {
      this.account('sendMessage', to.user);
      if (to.user === from) throw new Error('sendMessage: a message to oneself (Saved Messages) is not emulated');
      members = [
        { owner: from, peer: peerUser(to.user), other: to.user },
        { owner: to.user, peer: peerUser(from), other: from },
      ];
    } else {
      const chat = this.chatOf('sendMessage', to, from);
      chatId = chat.id;
      members = [...chat.members].map((owner) => ({ owner, peer: { _: 'peerChat', chatId: chat.id } }));
    }
    for (const m of members) copies.set(m.owner, this.updates.box(m.owner).nextMessageId++);
    for (const m of members) {
      const id = copies.get(m.owner)!;
      const message: tl.Message = { _: 'message', id, fromId: peerUser(from), peerId: m.peer, date, message: text };
      if (m.owner === from) message.out = true;
      const box = this.updates.box(m.owner);
      box.messages.set(id, { message, copies });
      const users = m.other === undefined ? [from] : [from, m.other];
      const chats = chatId === undefined ? [] : [chatId];
      const entry = this.updates.record(box.pts, 1, (pts): CommonEvent => ({ update: { _: 'updateNewMessage', message, pts, ptsCount: 1 }, users, chats }), m.owner);
      const short: tl.UpdateShortMessage | undefined =
        m.other === undefined ? undefined : { _: 'updateShortMessage', out: m.owner === from || undefined, id, userId: m.other, message: text, pts: entry.end, ptsCount: 1, date };
      this.updates.send({ userId: m.owner, box: { kind: 'common' }, updates: [entry.event!.update], short, users, chats });
    }
    return { id: copies.get(from)!, date, ids: copies };
  }

  /** Edits a message for everyone: `updateEditMessage` in each member's box, or `updateEditChannelMessage`. */
  editMessage(options: EditMessage): void {
    const { from, to, id, text } = options;
    this.account('editMessage', from);
    if (typeof text !== 'string') throw new TypeError('editMessage: text must be a string');
    const date = this.updates.date();
    if ('channel' in to) {
      const channel = this.channelOf('editMessage', to.channel, from);
      const stored = channel.messages.get(id);
      if (!stored) throw new Error(`editMessage: channel ${channel.id} has no message ${id}`);
      this.checkAuthor('editMessage', stored, from);
      const message: tl.Message = { ...stored.message, message: text, editDate: date };
      stored.message = message;
      const event = (pts: number): ChannelEvent => ({ update: { _: 'updateEditChannelMessage', message, pts, ptsCount: 1 }, senderId: stored.author, users: usersOf(message) });
      return this.channelEvent(channel, 1, event);
    }
    const chatId = this.checkPeer('editMessage', to, from);
    const stored = this.updates.box(from).messages.get(id);
    if (!stored || !samePeer(stored.message.peerId, to, from)) throw new Error(`editMessage: account ${from} has no message ${id} there`);
    this.checkAuthor('editMessage', stored, from);
    for (const [owner, ownerId] of stored.copies ?? new Map([[from, id]])) {
      const box = this.updates.box(owner);
      const copy = box.messages.get(ownerId);
      if (!copy) continue;
      const message: tl.Message = { ...copy.message, message: text, editDate: date };
      copy.message = message;
      const users = usersOf(message);
      const chats = chatId === undefined ? [] : [chatId];
      const entry = this.updates.record(box.pts, 1, (pts): CommonEvent => ({ update: { _: 'updateEditMessage', message, pts, ptsCount: 1 }, users, chats }), owner);
      this.updates.send({ userId: owner, box: { kind: 'common' }, updates: [entry.event!.update], users, chats });
    }
  }

  /**
   * Deletes messages for everyone: `updateDeleteMessages` (pts_count = how
   * many, in `updateShort`) in each member's box, or `updateDeleteChannelMessages`.
   */
  deleteMessages(options: DeleteMessages): void {
    const { from, to, ids } = options;
    this.account('deleteMessages', from);
    if (!Array.isArray(ids) || ids.length === 0) throw new TypeError('deleteMessages: ids must be a non-empty array');
    if ('channel' in to) {
      const channel = this.channelOf('deleteMessages', to.channel, from);
      const gone = [...new Set(ids)].filter((id) => channel.messages.delete(id));
      if (gone.length === 0) return;
      const event = (pts: number): ChannelEvent => ({ update: { _: 'updateDeleteChannelMessages', channelId: channel.id, messages: gone, pts, ptsCount: gone.length }, users: [] });
      return this.channelEvent(channel, gone.length, event);
    }
    this.checkPeer('deleteMessages', to, from);
    const byOwner = new Map<bigint, number[]>();
    for (const id of new Set(ids)) {
      const stored = this.updates.box(from).messages.get(id);
      if (!stored || !samePeer(stored.message.peerId, to, from)) continue;
      for (const [owner, ownerId] of stored.copies ?? new Map([[from, id]])) {
        if (!this.updates.box(owner).messages.delete(ownerId)) continue;
        const list = byOwner.get(owner) ?? [];
        list.push(ownerId);
        byOwner.set(owner, list);
      }
    }
    const date = this.updates.date();
    for (const [owner, gone] of byOwner) {
      const box = this.updates.box(owner);
      const entry = this.updates.record(box.pts, gone.length, (pts): CommonEvent => ({ update: { _: 'updateDeleteMessages', messages: gone, pts, ptsCount: gone.length }, users: [], chats: [] }), owner);
      const update = entry.event!.update;
      this.updates.send({ userId: owner, box: { kind: 'common' }, updates: [update], short: { _: 'updateShort', update, date }, users: [], chats: [] });
    }
  }

  /** A user stops (or restarts) a bot: `updateBotStopped`, an event of the bot's qts sequence. */
  botStopped(options: { bot: bigint; user: bigint; stopped?: boolean }): void {
    const bot = this.account('botStopped', options.bot);
    if (bot.kind !== 'bot') throw new Error(`botStopped: account ${bot.id} is not a bot`);
    this.account('botStopped', options.user);
    const box = this.updates.box(bot.id);
    const date = this.updates.date();
    const users = [options.user];
    const entry = this.updates.record(box.qts, 1, (qts): CommonEvent => ({ update: { _: 'updateBotStopped', userId: options.user, date, stopped: options.stopped ?? true, qts }, users, chats: [] }), bot.id);
    this.updates.send({ userId: bot.id, box: { kind: 'common' }, updates: [entry.event!.update], users, chats: [] });
  }

  /**
   * Moves an account's pts (or a channel's) on by `count` without any update
   * to push or to list in a difference: the client meets a gap that only
   * getDifference (getChannelDifference) closes.
   */
  skipPts(target: { user: bigint } | { channel: bigint }, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`skipPts: count must be a positive integer, got ${count}`);
    if ('channel' in target) {
      const channel = this.conversations.channel(target.channel);
      if (!channel) throw new Error(`skipPts: there is no channel ${target.channel}`);
      return this.updates.skip(channel.log, count);
    }
    this.account('skipPts', target.user);
    this.updates.skip(this.updates.box(target.user).pts, count);
  }

  /** Runs `fn`; what it sends to each account goes out as one container (`updatesCombined` when several). */
  batch<T>(fn: () => T): T {
    return this.updates.batch(fn);
  }

  /** Where an account's common sequences stand, as updates.getState would answer. */
  state(userId: bigint): tl.updates.State {
    this.account('state', userId);
    return this.updates.getState(userId);
  }

  /** A channel's pts now. */
  channelPts(channelId: bigint): number {
    const channel = this.conversations.channel(channelId);
    if (!channel) throw new Error(`channelPts: there is no channel ${channelId}`);
    return channel.log.current;
  }

  /**
   * Forgets all but the newest `keep` events of a box, as Telegram's servers
   * do with old history: a client behind that gets differenceTooLong
   * (channelDifferenceTooLong).
   */
  forgetHistory(target: { user: bigint } | { channel: bigint }, keep = 0): void {
    if ('channel' in target) {
      const channel = this.conversations.channel(target.channel);
      if (!channel) throw new Error(`forgetHistory: there is no channel ${target.channel}`);
      return channel.log.forget(keep);
    }
    const box = this.updates.box(this.account('forgetHistory', target.user).id);
    box.pts.forget(keep);
    box.qts.forget(keep);
  }

  /** How many events each box keeps; positions older than that get "too long". Default 100,000. */
  get logLimit(): number {
    return this.updates.logLimit;
  }

  set logLimit(value: number) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`logLimit: expected a positive integer, got ${value}`);
    this.updates.logLimit = value;
  }

  /** How many events a getDifference answer holds before it is a differenceSlice. Default 100. */
  get differenceLimit(): number {
    return this.updates.differenceLimit;
  }

  set differenceLimit(value: number) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`differenceLimit: expected a positive integer, got ${value}`);
    this.updates.differenceLimit = value;
  }

  private sendToChannel(from: bigint, channel: Channel, text: string, date: number): SentMessage {
    const id = channel.nextMessageId++;
    const message: tl.Message = { _: 'message', id, peerId: { _: 'peerChannel', channelId: channel.id }, date, message: text };
    if (channel.broadcast) message.post = true;
    else message.fromId = peerUser(from);
    channel.messages.set(id, { message, author: from } satisfies StoredMessage);
    this.channelEvent(channel, 1, (pts) => ({ update: { _: 'updateNewChannelMessage', message, pts, ptsCount: 1 }, senderId: from, users: [from] }));
    return { id, date, ids: new Map([...channel.members].map((m) => [m, id])) };
  }

  /** Records a channel event and pushes it to every member, with the member's own `out`. */
  private channelEvent(channel: Channel, count: number, make: (pts: number) => ChannelEvent): void {
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

  private account(method: string, id: bigint) {
    const account = typeof id === 'bigint' ? this.accounts.get(id) : undefined;
    if (!account) throw new Error(`${method}: there is no account ${String(id)}`);
    return account;
  }

  private checkMembers(method: string, options: NewChat): bigint[] {
    this.account(method, options.creator);
    if (typeof options.title !== 'string' || !options.title.trim()) throw new TypeError(`${method}: title must be a non-empty string`);
    const members = [...(options.members ?? [])];
    for (const m of members) this.account(method, m);
    return members;
  }

  private chatOf(method: string, to: { chat: bigint }, member: bigint) {
    const chat = this.conversations.get(to.chat);
    if (!chat || chat.kind !== 'chat') throw new Error(`${method}: there is no basic group ${String(to.chat)}`);
    if (!chat.members.has(member)) throw new Error(`${method}: account ${member} is not a member of chat ${chat.id}`);
    return chat;
  }

  private channelOf(method: string, id: bigint, member: bigint): Channel {
    const channel = this.conversations.channel(id);
    if (!channel) throw new Error(`${method}: there is no channel ${String(id)}`);
    if (!channel.members.has(member)) throw new Error(`${method}: account ${member} is not a member of channel ${channel.id}`);
    return channel;
  }

  /** Checks a private or basic-group peer; returns the chat id for a group. */
  private checkPeer(method: string, to: { user: bigint } | { chat: bigint }, from: bigint): bigint | undefined {
    if ('user' in to) {
      this.account(method, to.user);
      return undefined;
    }
    return this.chatOf(method, to, from).id;
  }

  private checkAuthor(method: string, stored: StoredMessage, from: bigint): void {
    const author = stored.author ?? senderOf(stored.message);
    if (author !== from) throw new Error(`${method}: account ${from} did not write message ${stored.message.id}`);
  }
}

/** Whether a message's peer (in `owner`'s box) is the chat `to` names. */
function samePeer(peer: tl.TypePeer, to: { user: bigint } | { chat: bigint }, owner: bigint): boolean {
  if ('user' in to) return peer._ === 'peerUser' && peer.userId === to.user && to.user !== owner;
  return peer._ === 'peerChat' && peer.chatId === to.chat;
}

function senderOf(message: tl.Message): bigint | undefined {
  return message.fromId?._ === 'peerUser' ? message.fromId.userId : undefined;
}

function usersOf(message: tl.Message): bigint[] {
  const out: bigint[] = [];
  const from = senderOf(message);
  if (from !== undefined) out.push(from);
  if (message.peerId._ === 'peerUser') out.push(message.peerId.userId);
  return out;
}

/** A channel update as `viewer` sees it: its own messages are `out`. */
export function channelUpdateFor(event: ChannelEvent, viewer: bigint): tl.TypeUpdate {
  const u = event.update as { message?: tl.TypeMessage };
  if (event.senderId !== viewer || u.message?._ !== 'message') return event.update;
  return { ...event.update, message: { ...u.message, out: true } } as tl.TypeUpdate;
}
