/**
 * What happens in the world, as tests make it happen: chats and channels are
 * created, messages sent, edited and deleted. Each event is recorded in the
 * update logs of the boxes it touches (getDifference serves them from there)
 * and pushed to the sessions of the accounts it concerns, through the update
 * fault knobs. `emulator.updates` is this.
 */
import type { tl } from '../../schema/index.js';
import type { Accounts } from './accounts.js';
import type { Channel, Conversations } from './chats.js';
import type { AccountUpdates, CommonEvent } from './updates.js';
import { Messages, type MessageContent } from './messages.js';
import { History } from './history.js';
import { ChatActions } from './chat-actions.js';
import { BotQueries } from './bots.js';
import { Statuses } from './statuses.js';
import { Reactions } from './reactions.js';

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

export interface PostOptions {
  from: bigint;
  to: PeerRef;
  content: MessageContent;
  /** Push private messages as updateShortMessage where they fit: to both sides, or only to the sender's box. Default false. */
  short?: boolean | 'sender';
}

export type { MessageContent };

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
  /** Who sent it, and where. */
  from: bigint;
  to: PeerRef;
  /** The pts its event took in the sender's box (or the channel's). */
  pts: number;
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

export class Activity {
  /** The messages of every box and channel. */
  readonly messages: Messages;
  /** Reading them back: histories and dialogs. */
  readonly history: History;
  /** Members creating, joining, leaving, renaming chats and pinning messages, with their service messages. */
  readonly chatActions: ChatActions;
  /** Callback and inline queries waiting on bots (`bots.timeoutMs`). */
  readonly bots = new BotQueries();
  /** Online, offline, recently…: `statuses.set(userId, 'online')` pushes updateUserStatus. */
  readonly statuses: Statuses;
  /** Reactions on messages. */
  readonly reactions: Reactions;
  /** Who watches posts (see watchPosts). */
  private readonly postWatchers = new Set<(sent: SentMessage, content: MessageContent) => void>();

  constructor(
    private readonly accounts: Accounts,
    private readonly conversations: Conversations,
    private readonly updates: AccountUpdates,
  ) {
    this.messages = new Messages(conversations, updates);
    this.history = new History(conversations, updates);
    this.chatActions = new ChatActions(conversations, this.messages, () => updates.date());
    this.statuses = new Statuses(updates, this.messages);
    this.reactions = new Reactions(conversations, updates, this.messages);
  }

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
   * A message from `from`: THE one way a message enters the world (the RPCs
   * that send, forward and post inline results go through it). Private chat:
   * `updates` with the users to both sides (each box has its own id and pts;
   * the `sendMessage` knob sends `updateShortMessage`). Basic group: `updates` (with seq) carrying
   * `updateNewMessage` to each member. Channel: `updates` (seq 0) carrying
   * `updateNewChannelMessage` (the channel's pts) to each member.
   */
  post(options: PostOptions): SentMessage {
    const { from, to, content } = options;
    this.checkTarget('post', from, to);
    if (typeof content?.text !== 'string') throw new TypeError('post: content.text must be a string');
    return this.posted(this.messages.post(from, to, content, { short: options.short }), content);
  }

  /**
   * Calls `watcher` with every message `post` and `sendMessage` put into the
   * world (the RPCs' included), once stored and pushed (inside a `batch`, its
   * updates go out at the batch's end): for a bench or a test that watches
   * what is said (bench/dispatch times bot replies with it).
   * Returns the function that stops watching.
   */
  watchPosts(watcher: (sent: SentMessage, content: MessageContent) => void): () => void {
    this.postWatchers.add(watcher);
    return () => void this.postWatchers.delete(watcher);
  }

  private posted(sent: SentMessage, content: MessageContent): SentMessage {
    for (const watcher of this.postWatchers) watcher(sent, content);
    return sent;
  }

  /** A plain text message: `post` with only text. */
  sendMessage(options: SendMessage): SentMessage {
    if (typeof options.text !== 'string') throw new TypeError('sendMessage: text must be a string');
    this.checkTarget('sendMessage', options.from, options.to);
    const content = { text: options.text };
    return this.posted(this.messages.post(options.from, options.to, content, { short: true }), content);
  }

  /** Edits a message for everyone: `updateEditMessage` in each member's box, or `updateEditChannelMessage`. */
  editMessage(options: EditMessage): void {
    const { from, to, id, text } = options;
    if (typeof text !== 'string') throw new TypeError('editMessage: text must be a string');
    this.checkTarget('editMessage', from, to);
    const stored = this.messages.find(from, to, id);
    if (!stored) throw new Error(`editMessage: account ${from} has no message ${id} there`);
    if (this.messages.authorOf(stored) !== from) throw new Error(`editMessage: account ${from} did not write message ${id}`);
    this.messages.edit(from, to, id, (m) => ({ ...m, message: text }));
  }

  /**
   * Deletes messages for everyone: `updateDeleteMessages` (pts_count = how
   * many, in `updateShort`) in each member's box, or `updateDeleteChannelMessages`.
   */
  deleteMessages(options: DeleteMessages): void {
    const { from, to, ids } = options;
    if (!Array.isArray(ids) || ids.length === 0) throw new TypeError('deleteMessages: ids must be a non-empty array');
    this.checkTarget('deleteMessages', from, to);
    this.messages.delete(from, to, ids);
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

  /** Stops what waits (bot queries and their timers). */
  close(): void {
    this.bots.close();
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

  /**
   * How many messages each box keeps at least (an account's, a channel's):
   * older ones are forgotten, 1024 ids at a time, as if never there. For an
   * emulator that runs for long under load (a load test, a bench). Default
   * Infinity: everything is kept.
   */
  get historyLimit(): number {
    return this.updates.historyLimit;
  }

  set historyLimit(value: number) {
    if (value !== Infinity && (!Number.isInteger(value) || value < 1)) throw new RangeError(`historyLimit: expected a positive integer or Infinity, got ${value}`);
    this.updates.historyLimit = value;
  }

  /** How many events a getDifference answer holds before it is a differenceSlice. Default 100. */
  get differenceLimit(): number {
    return this.updates.differenceLimit;
  }

  set differenceLimit(value: number) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`differenceLimit: expected a positive integer, got ${value}`);
    this.updates.differenceLimit = value;
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

  /** Checks that `from` may post to `to`. */
  private checkTarget(method: string, from: bigint, to: PeerRef): void {
    this.account(method, from);
    if ('channel' in to) return void this.channelOf(method, to.channel, from);
    if ('chat' in to) return void this.chatOf(method, to, from);
    const target = this.account(method, to.user);
    if (to.user === from && target.kind === 'bot') throw new Error(`${method}: a bot has no Saved Messages`);
  }
}

export { channelUpdateFor } from './messages.js';
