import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';

export interface AnswerInlineQueryParams {
  /** Seconds Telegram may cache the results (default 300). */
  cacheTime?: number;
  /** Show the results as a grid (media). */
  gallery?: boolean;
  /** Passed back as `offset` when the user scrolls for more. */
  nextOffset?: string;
  /** A button above the results that opens the bot's private chat with /start startParam. */
  switchPm?: { text: string; startParam: string };
  /** Cache per user rather than for everyone. */
  private?: boolean;
}

/** An inline result: an article whose text is sent when chosen (the common case), or any TL inline result. */
export type InlineResultLike = tl.TypeInputBotInlineResult | { id: string; title: string; description?: string; text: string; entities?: tl.TypeMessageEntity[]; replyMarkup?: tl.TypeReplyMarkup };

/** Bots: answers an inline query (`@bot query`); the user's app shows the results. */
export async function answerInlineQuery(client: Client, queryId: bigint, results: readonly InlineResultLike[], params: AnswerInlineQueryParams = {}): Promise<void> {
  if (!Array.isArray(results)) throw new InvalidArgumentError('answerInlineQuery', 'results', 'an array', results);
  await client.invoke({
    _: 'messages.setInlineBotResults',
    queryId,
    results: results.map(toInput),
    cacheTime: params.cacheTime ?? 300,
    gallery: params.gallery || undefined,
    private: params.private || undefined,
    nextOffset: params.nextOffset,
    switchPm: params.switchPm && { _: 'inlineBotSwitchPM', text: params.switchPm.text, startParam: params.switchPm.startParam },
  });
}

function toInput(r: InlineResultLike): tl.TypeInputBotInlineResult {
  if ('_' in r) return r;
  const sendMessage: tl.InputBotInlineMessageText = { _: 'inputBotInlineMessageText', message: r.text };
  if (r.entities?.length) sendMessage.entities = r.entities;
  if (r.replyMarkup) sendMessage.replyMarkup = r.replyMarkup;
  const out: tl.InputBotInlineResult = { _: 'inputBotInlineResult', id: r.id, type: 'article', title: r.title, sendMessage };
  if (r.description !== undefined) out.description = r.description;
  return out;
}
