/**
 * Questions a user asks a bot and waits on: callback queries (a button of an
 * inline keyboard was pressed) and inline queries (`@bot query`). The bot
 * gets the update and answers with the query id; the asker's call resolves
 * then, or fails when the bot stays silent past `timeoutMs`.
 */
import type { tl } from '../../schema/index.js';

export type QueryKind = 'callback' | 'inline';

/** The bot did not answer in time: the asker gets 400 BOT_RESPONSE_TIMEOUT. */
export class BotTimeoutError extends Error {
  constructor(readonly kind: QueryKind) {
    super(`the bot did not answer the ${kind} query in time`);
  }
}

/** The emulator closed while a query waited. */
export class BotQueriesClosedError extends Error {
  constructor() {
    super('the emulator closed');
  }
}

interface Pending {
  bot: bigint;
  kind: QueryKind;
  /** Who asked, and (inline) what. */
  user: bigint;
  query: string;
  resolve(answer: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** An inline query the bot answered: what sendInlineBotResult picks from. */
export interface InlineAnswer {
  bot: bigint;
  user: bigint;
  query: string;
  results: tl.TypeInputBotInlineResult[];
}

export class BotQueries {
  /** How long a bot has to answer. Default 10 s (Telegram's limit); `startEmulator({ botAnswerTimeoutMs })` sets it. */
  timeoutMs = 10_000;
  private readonly pending = new Map<bigint, Pending>();
  private readonly answered = new Map<bigint, InlineAnswer>();
  private nextId = 0x5eed_0000_0000n;

  /** A new query id; `notify` tells the bot (with it); resolves with the bot's answer. */
  ask<T>(bot: bigint, kind: QueryKind, asker: { user: bigint; query?: string }, notify: (queryId: bigint) => void): Promise<T> {
    const queryId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(queryId);
        reject(new BotTimeoutError(kind));
      }, this.timeoutMs);
      this.pending.set(queryId, { bot, kind, user: asker.user, query: asker.query ?? '', resolve: resolve as (a: unknown) => void, reject, timer });
      notify(queryId);
    });
  }

  /** The bot's answer to a waiting query; false when there is none of that kind for this bot (expired, answered, unknown). */
  answer(bot: bigint, queryId: bigint, kind: QueryKind, answer: unknown): boolean {
    const p = this.pending.get(queryId);
    if (!p || p.bot !== bot || p.kind !== kind) return false;
    clearTimeout(p.timer);
    this.pending.delete(queryId);
    p.resolve(answer);
    return true;
  }

  /** Who asked a query that still waits, and what. */
  asker(queryId: bigint): { user: bigint; query: string } | undefined {
    const p = this.pending.get(queryId);
    return p && { user: p.user, query: p.query };
  }

  /** Keeps an inline answer's results, for sendInlineBotResult. */
  keep(queryId: bigint, answer: InlineAnswer): void {
    this.answered.set(queryId, answer);
  }

  results(queryId: bigint): InlineAnswer | undefined {
    return this.answered.get(queryId);
  }

  /** Fails every waiting query and stops its timer. */
  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new BotQueriesClosedError());
    }
    this.pending.clear();
  }
}
