/**
 * One handler run as the dispatcher tracks it: its deadline, its place in
 * the list of runs going on, and its AbortSignal, made only when someone
 * asks for it (a handler that never reads `ctx.signal` and never sends
 * costs no AbortController).
 */
import type { AnyEvent } from '../events/events.js';

export class HandlerRun {
  private controller: AbortController | undefined;
  /** Told of an abort right after the signal (the bot reports a timeout with the update's context). */
  onAbort: ((reason: Error) => void) | undefined;
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
    return (this.controller ??= new AbortController()).signal;
  }

  get aborted(): boolean {
    return this.controller?.signal.aborted === true;
  }

  abort(reason: Error): void {
    const controller = (this.controller ??= new AbortController());
    if (controller.signal.aborted) return;
    controller.abort(reason);
    this.onAbort?.(reason);
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
