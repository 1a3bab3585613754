/**
 * What one test user saw in one chat, in the order it arrived: every message
 * (the user's own, the bot's, other members'), edits applied in place, and
 * a queue of the bot's messages that `expectReply` takes from.
 */
import type { tl } from '../../schema/index.js';

export interface LoggedMessage {
  /** The message as it stands now (edits replace it; `edits` counts them). */
  message: tl.Message | tl.MessageService;
  /** Marked id of who sent it. */
  from: bigint;
  /** When it arrived, in ms since the test started. */
  at: number;
  edits: number;
  /** Already handed out by an expectReply. */
  taken: boolean;
}

interface Waiter {
  check(): void;
  finish(result: LoggedMessage | undefined): void;
}

export class ChatLog {
  readonly entries: LoggedMessage[] = [];
  private readonly waiters = new Set<Waiter>();

  add(entry: Omit<LoggedMessage, 'edits' | 'taken'>): void {
    // The same message can come twice (an update and a sent answer); the first wins.
    if (this.entries.some((e) => e.message.id === entry.message.id)) return;
    this.entries.push({ ...entry, edits: 0, taken: false });
    this.wake();
  }

  edit(message: tl.Message): void {
    const entry = this.entries.find((e) => e.message.id === message.id);
    if (!entry) return;
    entry.message = message;
    entry.edits++;
    this.wake();
  }

  /** Marks a message as handed out: expectReply passes over it (what the account sent itself). */
  take(id: number): void {
    const entry = this.entries.find((e) => e.message.id === id);
    if (entry) entry.taken = true;
  }

  /** The newest entry first that matches `match`. */
  latest(match: (e: LoggedMessage) => boolean): LoggedMessage | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) if (match(this.entries[i]!)) return this.entries[i];
    return undefined;
  }

  /**
   * Resolves with the first entry for which `pick` answers true, now or when
   * one arrives; undefined after `timeoutMs`.
   */
  waitFor(pick: (e: LoggedMessage) => boolean, timeoutMs: number): Promise<LoggedMessage | undefined> {
    const found = this.entries.find(pick);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.finish(undefined), timeoutMs);
      const waiter: Waiter = {
        check: () => {
          const hit = this.entries.find(pick);
          if (hit) waiter.finish(hit);
        },
        finish: (result) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(result);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Ends every wait now (as a timeout would): the test is over. */
  close(): void {
    for (const w of [...this.waiters]) w.finish(undefined);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w.check();
  }
}
