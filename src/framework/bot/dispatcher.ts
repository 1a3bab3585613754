/**
 * Runs handlers for events: one at a time per chat, in order; chats
 * concurrently up to a limit; each run with an AbortSignal and a timeout, so
 * a slow handler never stalls another chat and a stuck one frees its own
 * chat after the timeout. Counts what is received and not yet handled, and
 * reports backpressure past a high-water mark. Never drops an event: every
 * one accepted is run, or, at a stop that runs out of time, counted as
 * abandoned and logged.
 */
import { Subject, type Subscription } from 'rxjs';
import { keyedSerial } from '../operators/keyed-serial.js';
import { BotStoppedError, HandlerTimeoutError } from '../errors.js';
import type { AnyEvent } from '../events/events.js';
import { Backpressure } from '../events/status.js';

export interface DispatcherOptions {
  /**
   * Runs the middleware for one event; must not throw. `signal` is aborted
   * with a HandlerTimeoutError at the timeout (the chat then moves on) or a
   * BotStoppedError at a stop's deadline.
   */
  handle(event: AnyEvent, signal: AbortSignal): Promise<void>;
  concurrency: number;
  timeoutMs: number;
  highWaterMark: number;
  onBackpressure(event: Backpressure): void;
}

export interface DispatcherStats {
  /** Accepted and not finished (queued + running). */
  pending: number;
  running: number;
  /** The most pending seen at once. */
  maxPending: number;
  /** The most running seen at once. */
  maxRunning: number;
  handled: number;
}

export class Dispatcher {
  private readonly input = new Subject<AnyEvent>();
  private readonly subscription: Subscription;
  private readonly running = new Set<AbortController>();
  private readonly drained: Promise<void>;
  private high = false;
  private accepting = true;
  readonly stats: DispatcherStats = { pending: 0, running: 0, maxPending: 0, maxRunning: 0, handled: 0 };

  constructor(private readonly options: DispatcherOptions) {
    let resolveDrained!: () => void;
    this.drained = new Promise((resolve) => (resolveDrained = resolve));
    this.subscription = this.input.pipe(keyedSerial((e) => e.orderKey, (e) => this.run(e), { concurrency: options.concurrency })).subscribe({
      complete: resolveDrained,
    });
  }

  /** Takes an event; false once stopping (it is not taken). */
  push(event: AnyEvent): boolean {
    if (!this.accepting) return false;
    const s = this.stats;
    s.pending++;
    s.maxPending = Math.max(s.maxPending, s.pending);
    if (!this.high && s.pending >= this.options.highWaterMark) {
      this.high = true;
      this.options.onBackpressure(new Backpressure('high', s.pending, this.options.highWaterMark));
    }
    this.input.next(event);
    return true;
  }

  /**
   * Stops taking events and waits for those taken to finish, up to `timeoutMs`;
   * then aborts what still runs. Returns how many were never started.
   */
  async stop(timeoutMs: number): Promise<{ abandoned: number; aborted: number }> {
    this.accepting = false;
    this.input.complete();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([this.drained.then(() => 'drained' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'drained') return { abandoned: 0, aborted: 0 };
    const aborted = this.running.size;
    for (const c of this.running) c.abort(new BotStoppedError('the bot stopped before this handler finished'));
    this.subscription.unsubscribe();
    return { abandoned: this.stats.pending - aborted, aborted };
  }

  private async run(event: AnyEvent): Promise<void> {
    const s = this.stats;
    const controller = new AbortController();
    this.running.add(controller);
    s.running++;
    s.maxRunning = Math.max(s.maxRunning, s.running);
    let timer: NodeJS.Timeout | undefined;
    // The handler's own promise keeps running after a timeout or a stop; the chat stops waiting for it.
    const aborted = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new HandlerTimeoutError(this.options.timeoutMs, event.kind));
      }, this.options.timeoutMs);
      controller.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      await Promise.race([this.options.handle(event, controller.signal), aborted]);
    } finally {
      clearTimeout(timer);
      this.running.delete(controller);
      s.running--;
      s.pending--;
      s.handled++;
      if (this.high && s.pending <= this.options.highWaterMark / 2) {
        this.high = false;
        this.options.onBackpressure(new Backpressure('normal', s.pending, this.options.highWaterMark));
      }
    }
  }
}
