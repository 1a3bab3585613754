/**
 * A closed-loop chat load on the emulator: each of N users has one message
 * to the bot in flight and sends the next when the bot's reply to it is
 * posted, like N people chatting with the bot at once. Replies are seen
 * through the world's `watchPosts`; the users whose turn came in one tick
 * post together in one `batch` (one update container to the bot), so the
 * emulator does not spend a TCP write per message.
 *
 * Latency is from the moment a user's message is posted to the moment the
 * bot's reply is posted (both in the emulator, on the same clock).
 */
import type { Emulator } from '../../src/emulator/index.js';

export interface Window {
  /** Replies per second in the window. */
  perSec: number;
  replies: number;
  p50: number;
  p99: number;
}

/** Loads made so far: each marks its texts, so a late reply to an earlier load's message never counts in a later one. */
let loads = 0;

export class EchoLoad {
  private readonly id = ++loads;
  private readonly sentAt = new Map<string, number>();
  private readonly due: bigint[] = [];
  private flushQueued = false;
  private seq = 0;
  private running = false;
  private latencies: number[] = [];
  private windowStart = 0;
  private readonly unwatch: () => void;

  constructor(
    private readonly emulator: Emulator,
    private readonly bot: bigint,
    private readonly users: readonly bigint[],
  ) {
    this.unwatch = emulator.updates.watchPosts((sent, content) => {
      if (sent.from !== bot || !('user' in sent.to)) return;
      const postedAt = this.sentAt.get(content.text);
      if (postedAt === undefined) return;
      this.sentAt.delete(content.text);
      this.latencies.push(performance.now() - postedAt);
      if (this.running) this.schedule(sent.to.user);
    });
  }

  /**
   * Waits until the bot answers: a client's updates start some time after
   * its login resolves, and a message posted before the state it fetched is
   * never delivered (as on Telegram), so the first user says hello every
   * 200 ms until one is answered. Throws after `timeoutMs`.
   */
  async probe(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    this.mark();
    while (this.latencies.length === 0) {
      if (performance.now() > deadline) throw new Error(`no reply within ${timeoutMs / 1000} s`);
      this.schedule(this.users[0]);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Hellos posted before the bot's updates started are never answered.
    this.sentAt.clear();
  }

  /** Every user sends its first message. */
  start(): void {
    this.running = true;
    for (const user of this.users) this.schedule(user);
  }

  /** Starts a new measuring window. */
  mark(): void {
    this.latencies = [];
    this.windowStart = performance.now();
  }

  /** What came back since mark(). */
  window(): Window {
    const seconds = (performance.now() - this.windowStart) / 1000;
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
    return { perSec: sorted.length / seconds, replies: sorted.length, p50: at(0.5), p99: at(0.99) };
  }

  /** Sends no more and waits (up to `timeoutMs`) for the replies in flight; start() goes on again. */
  async drain(timeoutMs: number): Promise<void> {
    this.running = false;
    for (const deadline = performance.now() + timeoutMs; this.sentAt.size > 0 && performance.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    this.sentAt.clear();
  }

  /** Stops watching the emulator. */
  close(): void {
    this.running = false;
    this.unwatch();
  }

  private schedule(user: bigint): void {
    this.due.push(user);
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    const users = this.due.splice(0);
    const activity = this.emulator.updates;
    const now = performance.now();
    activity.batch(() => {
      for (const user of users) {
        const text = `ping ${this.id}.${++this.seq}`;
        this.sentAt.set(text, now);
        activity.post({ from: user, to: { user: this.bot }, content: { text } });
      }
    });
  }
}
