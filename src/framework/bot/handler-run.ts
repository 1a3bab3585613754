/**
 * One handler run as the dispatcher tracks it: its deadline, its place in
 * the list of runs going on, and its cancellation. The run itself is what
 * the context's helpers hand the client to cancel their calls (a
 * Cancellation: an abort event without an EventTarget); the AbortSignal of
 * `ctx.signal` is made only when someone asks for it, so a handler that
 * only replies costs no AbortController.
 */
import type { Cancellation } from '../../protocol/client/abort.js';
import type { AnyEvent } from '../events/events.js';

export class HandlerRun implements Cancellation {
  private controller: AbortController | undefined;
  /** Abort listeners: most runs have one call in flight at a time, so the first has a slot of its own. */
  private listener: (() => void) | undefined;
  private listeners: (() => void)[] | undefined;
  private abortReason: Error | undefined;
  /** Told of an abort right after the signal (the bot reports a timeout with the update's context). */
  onAbort: ((reason: Error, run: HandlerRun) => void) | undefined;
  /** What the handler runs with (the bot's context), for reports. */
  ctx: unknown;
  finished = false;
  /** Neighbours in the RunList. */
  prev: HandlerRun | undefined;
  next: HandlerRun | undefined;

  constructor(
    readonly event: AnyEvent,
    /** performance.now() of the timeout. */
    readonly deadline: number,
    /** Ends the wait for this run (the handler finished, or was aborted). */
    readonly settle: () => void,
  ) {}

  /** Aborted at the handler timeout or at a stop's deadline. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.abortReason !== undefined;
  }

  get reason(): Error | undefined {
    return this.abortReason;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.abortReason) return;
    if (!this.listener) this.listener = listener;
    else (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    if (this.listener === listener) return void (this.listener = undefined);
    const i = this.listeners?.indexOf(listener) ?? -1;
    if (i >= 0) this.listeners!.splice(i, 1);
  }

  abort(reason: Error): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
    const first = this.listener;
    const listeners = this.listeners ?? [];
    this.listener = this.listeners = undefined;
    first?.();
    for (const listener of listeners) listener();
    this.onAbort?.(reason, this);
  }
}

/** Runs in start order, each removed in O(1) when it ends. */
export class RunList {
  first: HandlerRun | undefined;
  private last: HandlerRun | undefined;
  size = 0;

  push(run: HandlerRun): void {
    run.prev = this.last;
    if (this.last) this.last.next = run;
    else this.first = run;
    this.last = run;
    this.size++;
  }

  remove(run: HandlerRun): void {
    if (run.prev) run.prev.next = run.next;
    else if (this.first === run) this.first = run.next;
    else return;
    if (run.next) run.next.prev = run.prev;
    else this.last = run.prev;
    run.prev = run.next = undefined;
    this.size--;
  }

  toArray(): HandlerRun[] {
    const runs: HandlerRun[] = [];
    for (let run = this.first; run; run = run.next) runs.push(run);
    return runs;
  }
}
