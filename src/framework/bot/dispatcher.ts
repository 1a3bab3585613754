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
import { HandlerRun, RunList } from './handler-run.js';

export interface DispatcherOptions {
  /**
   * Runs the middleware for one event; must not throw. `run.signal` is
   * aborted with a HandlerTimeoutError at the timeout (the chat then moves
   * on) or a BotStoppedError at a stop's deadline; `run.onAbort` is told first.
   */
  handle(event: AnyEvent, run: HandlerRun): Promise<void>;
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
  /** Running handlers, oldest first: with one timeout for all, also the order their deadlines come in. */
  private readonly running = new RunList();
  /** One timer for every handler's timeout, set for the oldest run's deadline. */
  private timer: NodeJS.Timeout | undefined;
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
    if (s.pending > s.maxPending) s.maxPending = s.pending;
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
    this.clearTimer();
    if (outcome === 'drained') return { abandoned: 0, aborted: 0 };
    const stuck = this.running.toArray();
    const abandoned = this.stats.pending - stuck.length;
    for (const run of stuck) this.abort(run, new BotStoppedError('the bot stopped before this handler finished'));
    this.clearTimer();
    this.subscription.unsubscribe();
    return { abandoned, aborted: stuck.length };
  }

  /** Resolves when the handler is done, or at its abort (its own promise keeps running; the chat stops waiting for it). */
  private run(event: AnyEvent): Promise<void> {
    const s = this.stats;
    s.running++;
    if (s.running > s.maxRunning) s.maxRunning = s.running;
    return new Promise<void>((resolve) => {
      const run = new HandlerRun(event, performance.now() + this.options.timeoutMs, resolve);
      this.running.push(run);
      if (this.timer === undefined) this.armTimer(run.deadline);
      const finish = () => this.finish(run);
      this.options.handle(event, run).then(finish, finish);
    });
  }

  private finish(run: HandlerRun): void {
    if (run.finished) return;
    run.finished = true;
    this.running.remove(run);
    const s = this.stats;
    s.running--;
    s.pending--;
    s.handled++;
    if (this.high && s.pending <= this.options.highWaterMark / 2) {
      this.high = false;
      this.options.onBackpressure(new Backpressure('normal', s.pending, this.options.highWaterMark));
    }
    run.settle();
  }

  private abort(run: HandlerRun, reason: Error): void {
    run.abort(reason);
    this.finish(run);
  }

  /**
   * The timer stays set while runs come and go, and when it fires finds the
   * oldest run still going: about one wake-up per timeout, not a timer per run.
   */
  private armTimer(at: number): void {
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, at - performance.now()));
  }

  private onTimer(): void {
    this.timer = undefined;
    const now = performance.now();
    for (let run = this.running.first; run && run.deadline <= now; run = this.running.first) {
      this.abort(run, new HandlerTimeoutError(this.options.timeoutMs, run.event.kind));
    }
    const next = this.running.first;
    if (next) this.armTimer(next.deadline);
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
