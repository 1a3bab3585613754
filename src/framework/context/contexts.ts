/** The context of each event kind, with the helpers that make sense for it. */
import type { tl } from '../../schema/index.js';
import type { CallbackQuery, ChatAction, InlineQuery, MessageDeleted, MessageEdited, NewMessage, Raw, UserStatus } from '../events/events.js';
import type { ChatActionKind, UserStatusKind } from '../events/kinds.js';
import type { AnswerCallbackQueryParams, AnswerInlineQueryParams, EditMessageParams, ForwardMessagesParams, InlineResultLike, PeerLike, SendMessageParams } from '../../protocol/client/methods/index.js';
import { ContextError } from '../errors.js';
import type { SendableFile } from '../../protocol/client/files/index.js';
import { Context, type SendFileParams, type TextLike } from './context.js';

/** A new or edited message. */
export class MessageContext<E extends NewMessage | MessageEdited = NewMessage | MessageEdited> extends Context<E> {
  get message(): tl.Message {
    return this.event.message;
  }

  get text(): string {
    return this.event.message.message;
  }

  get outgoing(): boolean {
    return this.event.outgoing;
  }

  /** Answers quoting this message. */
  reply(text: TextLike, params: SendMessageParams = {}): Promise<tl.Message> {
    return this.respond(text, { replyTo: this.message.id, ...params });
  }

  /** Sends a file quoting this message, with an optional caption; see `respondWithFile`. */
  replyWithFile(file: SendableFile, params: SendFileParams = {}): Promise<tl.Message> {
    return this.respondWithFile(file, { replyTo: this.message.id, ...params });
  }

  /** `replyWithFile` as a photo (JPEG, PNG or WebP; Telegram recompresses it). */
  replyWithPhoto(file: SendableFile, params: Omit<SendFileParams, 'kind'> = {}): Promise<tl.Message> {
    return this.replyWithFile(file, { ...params, kind: 'photo' });
  }

  /** `replyWithFile` as a document (sent as is, with its name). */
  replyWithDocument(file: SendableFile, params: Omit<SendFileParams, 'kind'> = {}): Promise<tl.Message> {
    return this.replyWithFile(file, { ...params, kind: 'document' });
  }

  /** Edits this message (one's own: a bot edits what it sent). */
  edit(text: TextLike | undefined, params: EditMessageParams = {}): Promise<tl.TypeMessage> {
    return this.client.editMessage(this.chatPeer, this.message.id, text, { signal: this.cancel, ...params });
  }

  /** Deletes this message (for everyone by default). */
  delete(params: { revoke?: boolean } = {}): Promise<number> {
    return this.client.deleteMessages(this.chatPeer, [this.message.id], params);
  }

  /** Forwards this message to another chat. */
  forward(to: PeerLike, params: ForwardMessagesParams = {}): Promise<tl.Message[]> {
    return this.client.forwardMessages(to, this.chatPeer, [this.message.id], { signal: this.cancel, ...params });
  }

  /** Reacts to this message with an emoji (or several; an empty list takes reactions back). */
  react(emoji: string | readonly string[], params: { big?: boolean } = {}): Promise<tl.TypeMessageReactions | undefined> {
    return this.client.sendReaction(this.chatPeer, this.message.id, emoji, params);
  }
}

export class CallbackQueryContext extends Context<CallbackQuery> {
  /** The button's data as UTF-8 text (`event.data` has the bytes). */
  get data(): string | undefined {
    return this.event.dataText;
  }

  /** Stops the button's spinner; `text` shows as a toast (an alert with `alert`); `url` opens a game or t.me link. */
  answer(params: AnswerCallbackQueryParams | string = {}): Promise<void> {
    return this.client.answerCallbackQuery(this.event.queryId, typeof params === 'string' ? { text: params } : params);
  }

  /** Edits the message the button is on. */
  edit(text: TextLike | undefined, params: EditMessageParams = {}): Promise<tl.TypeMessage> {
    const id = this.event.messageId;
    if (id === undefined) throw new ContextError('edit(): this button is on a message sent via inline mode, which has no chat; use ctx.client with messages.editInlineBotMessage');
    return this.client.editMessage(this.chatPeer, id, text, { signal: this.cancel, ...params });
  }
}

export class InlineQueryContext extends Context<InlineQuery> {
  /** What the user typed after the bot's username. */
  get query(): string {
    return this.event.query;
  }

  get offset(): string {
    return this.event.offset;
  }

  /** Shows results under the user's input: cacheTime, gallery, nextOffset (for paging) and switchPm in `params`. */
  answer(results: readonly InlineResultLike[], params: AnswerInlineQueryParams = {}): Promise<void> {
    return this.client.answerInlineQuery(this.event.queryId, results, params);
  }
}

export class ChatActionContext extends Context<ChatAction> {
  get actionKind(): ChatActionKind {
    return this.event.actionKind;
  }

  get outgoing(): boolean {
    return this.event.message.out === true;
  }

  /** Answers quoting the service message ("Welcome!" under "Bob joined"). */
  reply(text: TextLike, params: SendMessageParams = {}): Promise<tl.Message> {
    return this.respond(text, { replyTo: this.event.message.id, ...params });
  }

  /** Sends a file quoting the service message; see `respondWithFile`. */
  replyWithFile(file: SendableFile, params: SendFileParams = {}): Promise<tl.Message> {
    return this.respondWithFile(file, { replyTo: this.event.message.id, ...params });
  }
}

export class UserStatusContext extends Context<UserStatus> {
  get statusKind(): UserStatusKind {
    return this.event.statusKind;
  }
}

export type NewMessageContext = MessageContext<NewMessage>;
export type MessageEditedContext = MessageContext<MessageEdited>;
export type MessageDeletedContext = Context<MessageDeleted>;
export type RawContext = Context<Raw>;

/** The context class of each event kind. */
export interface ContextByKind {
  NewMessage: NewMessageContext;
  MessageEdited: MessageEditedContext;
  MessageDeleted: MessageDeletedContext;
  CallbackQuery: CallbackQueryContext;
  InlineQuery: InlineQueryContext;
  ChatAction: ChatActionContext;
  UserStatus: UserStatusContext;
  Raw: Context;
}
