/**
 * The typed events handlers receive, one per update. Each carries the update
 * it was made from, the users and chats that came with it, and its resolved
 * chat and sender (from the update, else from the peer cache).
 */
import type { tl } from '../../schema/index.js';
import type { UpdateSource } from '../../protocol/updates/index.js';
import { markedPeerId } from '../../protocol/storage/index.js';
import { chatActionKind, EVENT_UPDATES, userStatusKind, type ChatActionKind, type ChatType, type EventKind, type UserStatusKind } from './kinds.js';
import type { PeerCache, PeerObject } from './peers.js';
import { peerId } from './peers.js';

/** What every event is made from: the update and what came with it. */
export interface EventSource {
  update: tl.TypeUpdate;
  users: tl.TypeUser[];
  chats: tl.TypeChat[];
  source: UpdateSource;
}

export abstract class LayerEvent {
  abstract readonly kind: EventKind;
  /** The chat it happened in (marked id), where there is one. */
  readonly chatId?: bigint;
  /** Who caused it (marked id), where known. */
  readonly senderId?: bigint;
  readonly chat?: PeerObject;
  readonly sender?: PeerObject;

  constructor(
    readonly raw: EventSource,
    ids: { chatId?: bigint; senderId?: bigint },
    peers: PeerCache,
  ) {
    this.chatId = ids.chatId;
    this.senderId = ids.senderId;
    if (ids.chatId !== undefined) this.chat = peers.get(ids.chatId);
    if (ids.senderId !== undefined) this.sender = peers.get(ids.senderId);
  }

  get update(): tl.TypeUpdate {
    return this.raw.update;
  }

  /** What the bot orders by: the chat, else the sender, else one shared lane (0n). */
  get orderKey(): bigint {
    return this.chatId ?? this.senderId ?? 0n;
  }

  /** private, bot, group, supergroup or channel; undefined without a known chat. */
  get chatType(): ChatType | undefined {
    const id = this.chatId;
    if (id === undefined) return undefined;
    if (id > 0n) return this.chat?._ === 'user' && this.chat.bot ? 'bot' : 'private';
    if (id > -1_000_000_000_000n) return 'group';
    return this.chat?._ === 'channel' && this.chat.broadcast ? 'channel' : 'supergroup';
  }
}

/** Chat and sender of a message: in private chats an incoming message's sender is the chat. */
function messageIds(message: tl.Message | tl.MessageService): { chatId: bigint; senderId: bigint | undefined } {
  const chatId = peerId(message.peerId);
  const senderId = message.fromId ? peerId(message.fromId) : message.peerId._ === 'peerUser' || message.peerId._ === 'peerChannel' ? chatId : undefined;
  return { chatId, senderId };
}

abstract class MessageEvent extends LayerEvent {
  constructor(
    raw: EventSource,
    readonly message: tl.Message,
    peers: PeerCache,
  ) {
    super(raw, messageIds(message), peers);
  }

  get id(): number {
    return this.message.id;
  }

  get text(): string {
    return this.message.message;
  }

  /** Sent by the logged-in account. */
  get outgoing(): boolean {
    return this.message.out === true;
  }
}

export class NewMessage extends MessageEvent {
  readonly kind = 'NewMessage';
}

export class MessageEdited extends MessageEvent {
  readonly kind = 'MessageEdited';
}

export class MessageDeleted extends LayerEvent {
  readonly kind = 'MessageDeleted';
  /** Private chats and basic groups: Telegram does not say which chat, only the ids (in this account's box). */
  readonly ids: number[];
  constructor(raw: EventSource, update: tl.UpdateDeleteMessages | tl.UpdateDeleteChannelMessages, peers: PeerCache) {
    super(raw, { chatId: update._ === 'updateDeleteChannelMessages' ? markedPeerId('channel', update.channelId) : undefined }, peers);
    this.ids = update.messages;
  }
}

export class CallbackQuery extends LayerEvent {
  readonly kind = 'CallbackQuery';
  constructor(
    raw: EventSource,
    readonly query: tl.UpdateBotCallbackQuery | tl.UpdateInlineBotCallbackQuery,
    peers: PeerCache,
  ) {
    super(raw, { chatId: query._ === 'updateBotCallbackQuery' ? peerId(query.peer) : undefined, senderId: query.userId }, peers);
  }

  get queryId(): bigint {
    return this.query.queryId;
  }

  /** The button's data, as sent. */
  get data(): Uint8Array | undefined {
    return this.query.data;
  }

  /** The button's data as UTF-8 text. */
  get dataText(): string | undefined {
    return this.query.data && new TextDecoder().decode(this.query.data);
  }

  /** The id of the message with the button (messages sent by the bot, not via inline mode). */
  get messageId(): number | undefined {
    return this.query._ === 'updateBotCallbackQuery' ? this.query.msgId : undefined;
  }

  /** A button on a message sent via inline mode: it has no chat, only this id. */
  get inlineMessageId(): tl.TypeInputBotInlineMessageID | undefined {
    return this.query._ === 'updateInlineBotCallbackQuery' ? this.query.msgId : undefined;
  }
}

export class InlineQuery extends LayerEvent {
  readonly kind = 'InlineQuery';
  constructor(
    raw: EventSource,
    readonly inline: tl.UpdateBotInlineQuery,
    peers: PeerCache,
  ) {
    super(raw, { senderId: inline.userId }, peers);
  }

  get queryId(): bigint {
    return this.inline.queryId;
  }

  get query(): string {
    return this.inline.query;
  }

  /** The offset the client asks for (the `nextOffset` of the previous answer). */
  get offset(): string {
    return this.inline.offset;
  }
}

export class ChatAction extends LayerEvent {
  readonly kind = 'ChatAction';
  readonly action: tl.TypeMessageAction;
  readonly actionKind: ChatActionKind;
  constructor(
    raw: EventSource,
    readonly message: tl.MessageService,
    actionKind: ChatActionKind,
    peers: PeerCache,
  ) {
    super(raw, messageIds(message), peers);
    this.action = message.action;
    this.actionKind = actionKind;
  }

  /** The users the action is about: added, removed, joined or left (marked ids = user ids). */
  get userIds(): bigint[] {
    const a = this.action;
    if (a._ === 'messageActionChatAddUser') return a.users;
    if (a._ === 'messageActionChatDeleteUser') return [a.userId];
    if ((a._ === 'messageActionChatJoinedByLink' || a._ === 'messageActionChatJoinedByRequest') && this.senderId !== undefined) return [this.senderId];
    return [];
  }

  /** The new title (titleChanged, created). */
  get title(): string | undefined {
    const a = this.action;
    return a._ === 'messageActionChatEditTitle' || a._ === 'messageActionChatCreate' || a._ === 'messageActionChannelCreate' ? a.title : undefined;
  }

  /** The pinned message's id (pinned). */
  get pinnedMessageId(): number | undefined {
    return this.action._ === 'messageActionPinMessage' ? this.message.replyTo?._ === 'messageReplyHeader' ? this.message.replyTo.replyToMsgId : undefined : undefined;
  }
}

export class UserStatus extends LayerEvent {
  readonly kind = 'UserStatus';
  readonly status: tl.TypeUserStatus;
  readonly statusKind: UserStatusKind;
  constructor(raw: EventSource, update: tl.UpdateUserStatus, peers: PeerCache) {
    super(raw, { senderId: update.userId }, peers);
    this.status = update.status;
    this.statusKind = userStatusKind(update.status);
  }

  get userId(): bigint {
    return this.senderId!;
  }

  /** Online: when the status expires unless renewed. */
  get onlineUntil(): Date | undefined {
    return this.status._ === 'userStatusOnline' ? new Date(this.status.expires * 1000) : undefined;
  }

  /** Offline: when the user was last online. */
  get offlineSince(): Date | undefined {
    return this.status._ === 'userStatusOffline' ? new Date(this.status.wasOnline * 1000) : undefined;
  }
}

/** Any update no typed event covers: the escape hatch (`@OnRaw('updateUserTyping')`). */
export class Raw extends LayerEvent {
  readonly kind = 'Raw';
  constructor(raw: EventSource, peers: PeerCache) {
    super(raw, rawIds(raw.update), peers);
  }
}

/** Chat and sender of updates that name them in the usual fields. */
function rawIds(update: tl.TypeUpdate): { chatId?: bigint; senderId?: bigint } {
  const u = update as { peer?: tl.TypePeer; userId?: unknown; fromId?: tl.TypePeer; channelId?: unknown; chatId?: unknown };
  const chatId =
    u.peer && typeof u.peer === 'object' && '_' in u.peer && u.peer._.startsWith('peer')
      ? peerId(u.peer)
      : typeof u.channelId === 'bigint'
        ? markedPeerId('channel', u.channelId)
        : typeof u.chatId === 'bigint'
          ? markedPeerId('chat', u.chatId)
          : undefined;
  const senderId = typeof u.userId === 'bigint' ? u.userId : u.fromId && typeof u.fromId === 'object' ? peerId(u.fromId) : undefined;
  return { chatId, senderId };
}

/** Every typed event handlers can get. */
export type AnyEvent = NewMessage | MessageEdited | MessageDeleted | CallbackQuery | InlineQuery | ChatAction | UserStatus | Raw;

type Builder = (raw: EventSource, peers: PeerCache) => AnyEvent | undefined;

/** How each event is made from an update EVENT_UPDATES maps to it; undefined: not this one. */
const BUILDERS: Record<keyof typeof EVENT_UPDATES, Builder> = {
  NewMessage: (raw, peers) => {
    const u = raw.update as tl.UpdateNewMessage | tl.UpdateNewChannelMessage;
    return u.message._ === 'message' ? new NewMessage(raw, u.message, peers) : undefined;
  },
  ChatAction: (raw, peers) => {
    const u = raw.update as tl.UpdateNewMessage | tl.UpdateNewChannelMessage;
    if (u.message._ !== 'messageService') return undefined;
    const kind = chatActionKind(u.message.action, messageIds(u.message).senderId);
    return kind && new ChatAction(raw, u.message, kind, peers);
  },
  MessageEdited: (raw, peers) => {
    const u = raw.update as tl.UpdateEditMessage | tl.UpdateEditChannelMessage;
    return u.message._ === 'message' ? new MessageEdited(raw, u.message, peers) : undefined;
  },
  MessageDeleted: (raw, peers) => new MessageDeleted(raw, raw.update as tl.UpdateDeleteMessages | tl.UpdateDeleteChannelMessages, peers),
  CallbackQuery: (raw, peers) => new CallbackQuery(raw, raw.update as tl.UpdateBotCallbackQuery | tl.UpdateInlineBotCallbackQuery, peers),
  InlineQuery: (raw, peers) => new InlineQuery(raw, raw.update as tl.UpdateBotInlineQuery, peers),
  UserStatus: (raw, peers) => new UserStatus(raw, raw.update as tl.UpdateUserStatus, peers),
};

/** Update name -> the builders to try, in EVENT_UPDATES order: read from the tree, once. */
const BY_UPDATE = new Map<string, Builder[]>();
for (const [kind, names] of Object.entries(EVENT_UPDATES)) {
  for (const name of names) BY_UPDATE.set(name, [...(BY_UPDATE.get(name) ?? []), BUILDERS[kind as keyof typeof EVENT_UPDATES]]);
}

/** Makes the event an update stands for (a Raw event where no typed one applies). */
export function buildEvent(raw: EventSource, peers: PeerCache): AnyEvent {
  peers.add(raw.users, raw.chats);
  for (const build of BY_UPDATE.get(raw.update._) ?? []) {
    const event = build(raw, peers);
    if (event) return event;
  }
  return new Raw(raw, peers);
}
