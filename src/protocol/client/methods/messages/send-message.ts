import type { tl } from '../../../../schema/index.js';
import { parseHtml, parseMarkdown, type FormattedText } from '../../text/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { knownInputPeer, resolvePeer, type PeerLike } from '../peers/resolve-peer.js';
import { randomId, sentMessages } from './sent.js';
import type { Cancellation } from '../../abort.js';

/** A keyboard as TL, or a builder that makes one. */
export type ReplyMarkupLike = tl.TypeReplyMarkup | { build(): tl.TypeReplyMarkup };

export interface SendMessageParams {
  /** Parse `text` (a string) as HTML or Markdown into entities. */
  parseMode?: 'html' | 'markdown';
  /** Entities for a plain string (instead of a parse mode). */
  entities?: tl.TypeMessageEntity[];
  /** The id of the message this one replies to. */
  replyTo?: number;
  replyMarkup?: ReplyMarkupLike;
  /** No notification for the receivers. */
  silent?: boolean;
  /** No link preview. */
  noWebpage?: boolean;
  /** Send later (unix seconds): Telegram keeps it as a scheduled message. */
  scheduleDate?: number;
  signal?: Cancellation;
}

/**
 * Sends a text message and resolves with it as sent (id, date, entities),
 * matched by its random_id. `text` is plain, formatted (`html\`…\`` or
 * `{ text, entities }`), or parsed with `parseMode`.
 */
export function sendMessage(client: Client, peer: PeerLike, text: string | FormattedText, params: SendMessageParams = {}): Promise<tl.Message> {
  try {
    const formatted = formatText('sendMessage', text, params);
    // A peer object with its access hash needs no lookup turn (and a bot's every reply keeps no async frame alive).
    const known = knownInputPeer(peer);
    return known ? sendFormatted(client, known, formatted, params) : resolvePeer(client, peer).then((p) => sendFormatted(client, p, formatted, params));
  } catch (e) {
    return Promise.reject(e);
  }
}

function sendFormatted(client: Client, peer: tl.TypeInputPeer, formatted: FormattedText, params: SendMessageParams): Promise<tl.Message> {
  const request: tl.messages.SendMessageRequest = { _: 'messages.sendMessage', peer, message: formatted.text, randomId: randomId() };
  if (formatted.entities.length) request.entities = formatted.entities;
  if (params.replyTo !== undefined) request.replyTo = { _: 'inputReplyToMessage', replyToMsgId: params.replyTo };
  if (params.replyMarkup) request.replyMarkup = markupOf(params.replyMarkup);
  if (params.silent) request.silent = true;
  if (params.noWebpage) request.noWebpage = true;
  if (params.scheduleDate !== undefined) request.scheduleDate = params.scheduleDate;
  return client.invoke(request, { signal: params.signal }).then((result) => sentMessages('sendMessage', result, [request.randomId], request, client.self?.id)[0]!);
}

/** Text and entities from what a caller passed. */
export function formatText(method: string, text: string | FormattedText, params: { parseMode?: 'html' | 'markdown'; entities?: tl.TypeMessageEntity[] }): FormattedText {
  if (typeof text === 'object' && text !== null && typeof text.text === 'string' && Array.isArray(text.entities)) return text;
  if (typeof text !== 'string') throw new InvalidArgumentError(method, 'text', 'a string or { text, entities }', text);
  if (params.parseMode === 'html') return parseHtml(text);
  if (params.parseMode === 'markdown') return parseMarkdown(text);
  if (params.parseMode !== undefined) throw new InvalidArgumentError(method, 'parseMode', "'html' or 'markdown'", params.parseMode);
  return { text, entities: params.entities ?? [] };
}

export function markupOf(markup: ReplyMarkupLike): tl.TypeReplyMarkup {
  return 'build' in markup && typeof markup.build === 'function' ? markup.build() : (markup as tl.TypeReplyMarkup);
}
