import type { Client } from '../../client.js';

export interface AnswerCallbackQueryParams {
  /** Shown to the user: a toast, or an alert with `alert`. At most 200 characters. */
  text?: string;
  alert?: boolean;
  /** A URL the user's app opens (a game, or t.me/bot?start=…). */
  url?: string;
  /** Seconds the user's app may cache this answer. */
  cacheTime?: number;
}

/** Bots: answers a callback query (an inline button press); the user's app stops its spinner and shows `text`. */
export async function answerCallbackQuery(client: Client, queryId: bigint, params: AnswerCallbackQueryParams = {}): Promise<void> {
  await client.invoke({
    _: 'messages.setBotCallbackAnswer',
    queryId,
    message: params.text,
    alert: params.alert || undefined,
    url: params.url,
    cacheTime: params.cacheTime ?? 0,
  });
}
