import type { DependencyContainer } from 'tsyringe';
import type { Client } from '../../protocol/client/client.js';
import type { AnyEvent } from '../events/events.js';
import type { ChatType } from '../events/kinds.js';
import type { PeerObject } from '../events/peers.js';
import type { PeerLike, SendMessageParams } from '../../protocol/client/methods/index.js';
import type { FormattedText } from '../../protocol/client/text/index.js';
import type { tl } from '../../schema/index.js';
import { ContextError } from '../errors.js';

/** What reply/respond take: a string (plain, or parsed with `parseMode`) or FormattedText (`html\`…\``, `md\`…\``). */
export type TextLike = string | FormattedText;

/** What the bot hands every context it makes. */
export interface ContextDeps {
  client: Client;
  /** The update's own child container. */
  container: DependencyContainer;
  /** Aborted on the handler timeout, or when the bot stops before the handler finished. */
  signal: AbortSignal;
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
  readonly container: DependencyContainer;
  readonly signal: AbortSignal;
  /** Per-chat state: set by the chatState middleware, saved after the handlers ran. */
  state: Record<string, unknown> | undefined;

  constructor(
    readonly event: E,
    deps: ContextDeps,
  ) {
    this.client = deps.client;
    this.container = deps.container;
    this.signal = deps.signal;
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
    return this.client.sendMessage(this.chatPeer, text, { signal: this.signal, ...params });
  }
}
