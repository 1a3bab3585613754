import type { DependencyContainer } from 'tsyringe';
import type { Client } from '../../protocol/client/client.js';
import type { Cancellation } from '../../protocol/client/abort.js';
import type { AnyEvent } from '../events/events.js';
import type { ChatType } from '../events/kinds.js';
import type { PeerObject } from '../events/peers.js';
import type { PeerLike, SendMessageParams } from '../../protocol/client/methods/index.js';
import type { FormattedText } from '../../protocol/client/text/index.js';
import type { SendableFile, SendFileOptions } from '../../protocol/client/files/index.js';
import { toReplyMarkup, type ReplyMarkupLike } from '../keyboards/markup.js';
import type { tl } from '../../schema/index.js';
import { ContextError } from '../errors.js';

/** What reply/respond take: a string (plain, or parsed with `parseMode`) or FormattedText (`html\`…\``, `md\`…\``). */
export type TextLike = string | FormattedText;

/** What respondWithFile/replyWithFile take: the client's sendFile options, with a keyboard builder welcome as `replyMarkup`. */
export type SendFileParams = Omit<SendFileOptions, 'replyMarkup'> & { replyMarkup?: ReplyMarkupLike };

/** What the bot hands every context it makes; `container` and `signal` are read when first used (the bot makes them lazily). */
export interface ContextDeps {
  readonly client: Client;
  /** The update's own child container. */
  readonly container: DependencyContainer;
  /** Aborted on the handler timeout, or when the bot stops before the handler finished. */
  readonly signal: AbortSignal;
  /** Cancels the helpers' calls with `signal`, without making it (the bot passes the handler run). Default: `signal`. */
  readonly cancel?: Cancellation;
  /** The update's instance of a handler class; `direct`: built without the container (see UpdateScope). Default: resolved from `container`. */
  handlerInstance?(cls: new (...args: any[]) => object, direct: boolean): object;
}

/** A command the `command` filter parsed: `/start@my_bot a b` -> { name: 'start', args: ['a', 'b'], botname: 'my_bot' }. */
export interface ParsedCommand {
  name: string;
  args: string[];
  /** Everything after the command, as typed. */
  argsText: string;
  /** The `@botname` suffix, when the user wrote one (it matched this bot). */
  botname?: string;
}

/**
 * The context of one update: the event, the client, the update's container
 * and signal, per-chat state, and helpers that answer in place. Subclasses
 * add the helpers that make sense for their event (reply on messages, answer
 * on queries); `ctx.client` is there for anything raw.
 */
export class Context<E extends AnyEvent = AnyEvent> {
  readonly client: Client;
  /** Per-chat state: set by the chatState middleware, saved after the handlers ran. */
  state: Record<string, unknown> | undefined;

  constructor(
    readonly event: E,
    private readonly deps: ContextDeps,
  ) {
    this.client = deps.client;
  }

  /** The update's own child container (made when first asked for). */
  get container(): DependencyContainer {
    return this.deps.container;
  }

  /** Aborted on the handler timeout, or when the bot stops before the handler finished. */
  get signal(): AbortSignal {
    return this.deps.signal;
  }

  /** What the helpers cancel their calls with: aborted exactly when `signal` is. */
  protected get cancel(): Cancellation {
    return this.deps.cancel ?? this.deps.signal;
  }

  /** The handler class's instance for this update: one per update, shared by its handlers and @Catch methods. */
  handlerInstance(cls: new (...args: any[]) => object, direct = false): object {
    return this.deps.handlerInstance ? this.deps.handlerInstance(cls, direct) : this.container.resolve(cls);
  }

  /** The chat (marked id), where the event has one. */
  get chatId(): bigint | undefined {
    return this.event.chatId;
  }

  /** Who caused the event (marked id), where known. */
  get senderId(): bigint | undefined {
    return this.event.senderId;
  }

  get chat(): PeerObject | undefined {
    return this.event.chat;
  }

  get sender(): PeerObject | undefined {
    return this.event.sender;
  }

  get chatType(): ChatType | undefined {
    return this.event.chatType;
  }

  /**
   * The chat, as the client's methods take it (the object with its access
   * hash when known). Events without a chat (inline queries, statuses) answer
   * in the private chat with their sender.
   */
  get chatPeer(): PeerLike {
    const peer = this.event.chat ?? this.chatId ?? this.event.sender ?? this.senderId;
    if (peer === undefined) throw new ContextError(`${this.event.kind} has no chat or sender to send to`);
    return peer;
  }

  /** Sends to the same chat without quoting. Aborted with the update's signal unless `params.signal` says otherwise. */
  respond(text: TextLike, params: SendMessageParams = {}): Promise<tl.Message> {
    return this.client.sendMessage(this.chatPeer, text, { signal: this.cancel, ...params });
  }

  /**
   * Uploads and sends a file to the same chat without quoting: a path, bytes,
   * a stream, an uploaded InputFile, or a photo/document already on Telegram
   * (see `client.sendFile` for `kind`, `caption`, `parseMode`, `onProgress`…).
   * The upload is cancelled with the update's signal (a handler timeout, a
   * stop past its deadline): it rejects with `FileTransferAbortedError` and
   * nothing is sent.
   */
  async respondWithFile(file: SendableFile, params: SendFileParams = {}): Promise<tl.Message> {
    const { replyMarkup, ...options } = params;
    const signal = options.signal ?? this.signal;
    const peer = await this.client.resolvePeer(this.chatPeer);
    signal.throwIfAborted();
    return this.client.sendFile(peer, file, { ...options, signal, replyMarkup: replyMarkup && toReplyMarkup(replyMarkup) });
  }
}
