/** Transfer progress: bytes done, the total when known, and the recent rate. */
import type { Subscriber } from 'rxjs';

export interface TransferProgress {
  /** Bytes done so far (downloads: written in order from the start offset). */
  bytes: number;
  /** All the bytes of the transfer, when known. */
  total?: number;
  /** Bytes per second over the last second or so. */
  rate: number;
}

export type ProgressListener = (progress: TransferProgress) => void;

const WINDOW_MS = 1000;

/**
 * Counts bytes as parts complete and tells the listeners. The rate is taken
 * over a sliding window (the last ~second), so a stall shows as a falling
 * rate, not as an average that hides it. Events are monotonic in `bytes`.
 */
export class ProgressMeter {
  private bytesDone = 0;
  private readonly samples: { at: number; bytes: number }[] = [];
  private readonly listeners: ProgressListener[] = [];

  constructor(
    readonly total: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.samples.push({ at: now(), bytes: 0 });
  }

  get bytes(): number {
    return this.bytesDone;
  }

  listen(listener: ProgressListener | undefined): this {
    if (listener) this.listeners.push(listener);
    return this;
  }

  /** `n` more bytes are done. */
  add(n: number): void {
    if (n <= 0) return;
    this.bytesDone += n;
    this.emit();
  }

  /** The transfer ended: the total is now known if it was not (a stream of unknown length). */
  finish(): void {
    if (this.total === undefined || this.bytesDone === 0) this.emit(this.bytesDone);
  }

  /** The rate over the window: bytes since the oldest sample still in it, over the time since. */
  rate(at = this.now()): number {
    while (this.samples.length > 1 && at - this.samples[1].at >= WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const elapsed = (at - first.at) / 1000;
    return elapsed > 0 ? (this.bytesDone - first.bytes) / elapsed : 0;
  }

  private emit(total = this.total): void {
    const at = this.now();
    this.samples.push({ at, bytes: this.bytesDone });
    const event: TransferProgress = { bytes: this.bytesDone, total, rate: this.rate(at) };
    for (const l of this.listeners) l(event);
  }
}

/** A listener that forwards to an Observable's subscriber. */
export function toSubscriber(subscriber: Subscriber<TransferProgress>): ProgressListener {
  return (p) => subscriber.next(p);
}
