/**
 * One ordered sequence (the common pts, qts, or one channel's pts): applies
 * events in order, drops the ones already applied, and holds the ones past a
 * gap until the gap fills or the engine fetches the difference.
 *
 * An event covers (start, end]: end is its pts, start = pts - pts_count. With
 * local the last applied pts, the spec's three cases are:
 *   local == start  apply (local_pts + pts_count == pts)
 *   local >  start  already applied, drop
 *   local <  start  gap: hold
 */

export interface Slotted<T> {
  start: number;
  end: number;
  item: T;
}

export interface Offered<T> {
  /** Items that apply now, in order: the offered one, then any held ones it unblocked. */
  applied: Slotted<T>[];
  duplicate: boolean;
  /** The offered item is held behind a gap. */
  held: boolean;
}

export class OrderedBox<T> {
  /** The last applied position; undefined until known (a channel not seen yet). */
  pts: number | undefined;
  /** When to stop waiting for a gap to fill; set while items are held. */
  gapDeadline: number | undefined;
  /** Held items, sorted by start (stable). */
  private held: Slotted<T>[] = [];

  constructor(pts?: number) {
    this.pts = pts;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** The first held item's start: where the hole ends. */
  get heldFrom(): number | undefined {
    return this.held[0]?.start;
  }

  offer(s: Slotted<T>, now: number, gapMs: number): Offered<T> {
    if (this.pts === undefined) this.pts = s.start; // the first event of an unknown sequence is, by definition, next
    if (this.pts > s.start) return { applied: [], duplicate: true, held: false };
    if (this.pts < s.start) {
      this.insert(s);
      this.gapDeadline ??= now + gapMs;
      return { applied: [], duplicate: false, held: true };
    }
    this.pts = s.end;
    // The usual case, nothing held: no drain to run (this runs for every update).
    if (this.held.length === 0) {
      this.gapDeadline = undefined;
      return { applied: [s], duplicate: false, held: false };
    }
    const applied = [s, ...this.drain(now, gapMs)];
    return { applied, duplicate: false, held: false };
  }

  /**
   * Applies held items that now fit (after an offer or after the difference
   * moved `pts`), dropping the ones already covered. Progress restarts the
   * gap timer for what is still held; nothing held clears it.
   */
  drain(now: number, gapMs: number): Slotted<T>[] {
    const out: Slotted<T>[] = [];
    let i = 0;
    while (i < this.held.length && this.pts !== undefined) {
      const h = this.held[i]!;
      if (this.pts > h.start) {
        i++;
      } else if (this.pts === h.start) {
        this.pts = h.end;
        out.push(h);
        i++;
      } else {
        break;
      }
    }
    if (i > 0) this.held = this.held.slice(i);
    if (this.held.length === 0) this.gapDeadline = undefined;
    else if (out.length > 0 || this.gapDeadline === undefined) this.gapDeadline = now + gapMs;
    return out;
  }

  /** Empties the box's hold, in order (to release or drop when the gap cannot be filled). */
  takeHeld(): Slotted<T>[] {
    const h = this.held;
    this.held = [];
    this.gapDeadline = undefined;
    return h;
  }

  private insert(s: Slotted<T>): void {
    let lo = 0;
    let hi = this.held.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.held[mid]!.start <= s.start) lo = mid + 1;
      else hi = mid;
    }
    this.held.splice(lo, 0, s);
  }
}
