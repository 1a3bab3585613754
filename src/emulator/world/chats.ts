/**
 * Basic groups and channels: who is in them, and, for channels, their own
 * message ids, pts and update log. Private chats need nothing here: they are
 * two accounts' boxes.
 */
import type { tl } from '../../schema/index.js';
import type { Copies } from './copies.js';
import { UpdateLog } from './update-log.js';
import { MessageStore } from './message-store.js';

/** A message as it stands now in one box (an account's, or a channel's). */
export interface StoredMessage {
  /** A message, or a service message (someone joined, the title changed, …). */
  message: tl.Message | tl.MessageService;
  /** Channels: who posted it (a broadcast post carries no from_id). */
  author?: bigint;
  /** Private chats and basic groups: the same message in every member's box (userId -> id there). */
  copies?: Copies;
}

/** What a channel's log holds: the update, and who it shows (the same for every member but `out`). */
export interface ChannelEvent {
  update: tl.TypeUpdate;
  /** The author, whose copy is `out`. */
  senderId?: bigint;
  users: bigint[];
}

export interface BasicGroup {
  kind: 'chat';
  id: bigint;
  title: string;
  creator: bigint;
  members: Set<bigint>;
  date: number;
}

export interface Channel {
  kind: 'channel';
  id: bigint;
  title: string;
  /** A broadcast channel (posts without from_id) rather than a megagroup. */
  broadcast: boolean;
  creator: bigint;
  members: Set<bigint>;
  date: number;
  log: UpdateLog<ChannelEvent>;
  nextMessageId: number;
  messages: MessageStore<StoredMessage>;
}

export type Conversation = BasicGroup | Channel;

export interface NewConversation {
  title: string;
  creator: bigint;
  members: readonly bigint[];
  date: number;
}

/** A channel starts at pts 1, as an account does. */
export const FIRST_PTS = 1;

export class Conversations {
  private readonly byId = new Map<bigint, Conversation>();
  /** Chats and channels share one id space here (Telegram's overlap; ours need not). */
  private nextId = 1_700_000_001n;

  constructor(
    /** How many events a log keeps. */
    private readonly logLimit: () => number,
    /** The access hash `viewer` sees for a channel: stable, per viewer, unguessable. */
    private readonly accessHash: (viewer: bigint, channelId: bigint) => bigint,
    /** How many messages a channel keeps at least. */
    private readonly historyLimit: () => number = () => Infinity,
  ) {}

  get(id: bigint): Conversation | undefined {
    return this.byId.get(id);
  }

  channel(id: bigint): Channel | undefined {
    const c = this.byId.get(id);
    return c?.kind === 'channel' ? c : undefined;
  }

  /** Every channel `userId` is a member of. */
  channelsOf(userId: bigint): Channel[] {
    const out: Channel[] = [];
    for (const c of this.byId.values()) if (c.kind === 'channel' && c.members.has(userId)) out.push(c);
    return out;
  }

  createChat(options: NewConversation): BasicGroup {
    const chat: BasicGroup = { kind: 'chat', id: this.nextId++, title: options.title, creator: options.creator, members: new Set([options.creator, ...options.members]), date: options.date };
    this.byId.set(chat.id, chat);
    return chat;
  }

  createChannel(options: NewConversation & { broadcast: boolean }): Channel {
    const channel: Channel = {
      kind: 'channel',
      id: this.nextId++,
      title: options.title,
      broadcast: options.broadcast,
      creator: options.creator,
      members: new Set([options.creator, ...options.members]),
      date: options.date,
      log: new UpdateLog<ChannelEvent>(FIRST_PTS, this.logLimit),
      nextMessageId: 1,
      messages: new MessageStore(this.historyLimit),
    };
    this.byId.set(channel.id, channel);
    return channel;
  }

  /** Whether `hash` is the access hash `viewer` was given for the channel. */
  accessHashOk(viewer: bigint, channelId: bigint, hash: bigint): boolean {
    return this.accessHash(viewer, channelId) === hash;
  }

  /** The channel's access hash as `viewer` sees it. */
  accessHashFor(viewer: bigint, channelId: bigint): bigint {
    return this.accessHash(viewer, channelId);
  }

  /** A chat or channel as `viewer` sees it: Layer 224's chat#41cbf256 / channel#1c32b11c. */
  object(c: Conversation, viewer: bigint): tl.TypeChat {
    const photo: tl.ChatPhotoEmpty = { _: 'chatPhotoEmpty' };
    const member = c.members.has(viewer);
    if (c.kind === 'chat') {
      const chat: tl.Chat = { _: 'chat', id: c.id, title: c.title, photo, participantsCount: c.members.size, date: c.date, version: 1 };
      if (c.creator === viewer) chat.creator = true;
      if (!member) chat.left = true;
      return chat;
    }
    const channel: tl.Channel = { _: 'channel', id: c.id, accessHash: this.accessHash(viewer, c.id), title: c.title, photo, date: c.date, participantsCount: c.members.size };
    if (c.broadcast) channel.broadcast = true;
    else channel.megagroup = true;
    if (c.creator === viewer) channel.creator = true;
    if (!member) channel.left = true;
    return channel;
  }

  /** The chats and channels named by `ids`, as `viewer` sees them (unknown ids left out, repeats once). */
  objects(ids: Iterable<bigint>, viewer: bigint): tl.TypeChat[] {
    const out: tl.TypeChat[] = [];
    const seen = new Set<bigint>();
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const c = this.byId.get(id);
      if (c) out.push(this.object(c, viewer));
    }
    return out;
  }
}
