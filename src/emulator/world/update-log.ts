/**
 * One ordered box's history: an account's common pts or qts sequence, or a
 * channel's pts. Each entry covers (start, end] of the sequence, as
 * `pts - pts_count .. pts` does on the wire; getDifference reads the entries
 * after the client's position. Only the newest `limit` entries are kept: a
 * client whose position is older than what is kept gets "too long".
 */

export interface LogEntry<E> {
  /** pts - pts_count (qts - 1). */
  start: number;
  /** The pts (qts) the event took. */
  end: number;
  /** Server time, seconds. */
  date: number;
  /** What happened; undefined for a pts that was skipped (taken with nothing to show). */
  event: E | undefined;
}

/** Entries after the asked position, at most `limit`, and whether more follow. */
export interface LogSlice<E> {
  entries: LogEntry<E>[];
  more: boolean;
}

export class UpdateLog<E> {
  // The entries as three columns, not an object each: a busy box (a bot's) keeps
  // 100,000 of them, and every object kept is one the garbage collector copies.
  // An entry's start is the end of the one before it (the floor for the oldest kept).
  private ends: number[] = [];
  private dates: number[] = [];
  private events: (E | undefined)[] = [];
  /** Index of the oldest kept entry (dropped ones are compacted away in bulk). */
  private head = 0;
  /** The current position: the end of the newest event. */
  private position: number;
  /** The oldest position the kept entries reach back to: a client at or after it can be answered. */
  private floorValue: number;

  constructor(
    start: number,
    private readonly limit: () => number,
  ) {
    this.position = start;
    this.floorValue = start;
  }

  /** The pts (qts) of the newest event. */
  get current(): number {
    return this.position;
  }

  /** The oldest position a difference can start from. */
  get floor(): number {
    return this.floorValue;
  }

  get size(): number {
    return this.ends.length - this.head;
  }

  /** Takes the next `count` positions for `event` and returns its entry. */
  append(count: number, date: number, event: E | undefined): LogEntry<E> {
    const start = this.position;
    this.position += count;
    this.ends.push(this.position);
    this.dates.push(date);
    this.events.push(event);
    this.trim();
    return { start, end: this.position, date, event };
  }

  /** Whether a client at `position` can be answered from what is kept. */
  reaches(position: number): boolean {
    return position >= this.floorValue;
  }

  /** The entries ending after `position`, oldest first, at most `limit` of them. */
  since(position: number, limit: number): LogSlice<E> {
    const from = this.firstAfter(position);
    const to = Math.min(this.ends.length, from + Math.max(0, limit));
    const entries: LogEntry<E>[] = [];
    for (let i = from; i < to; i++) entries.push(this.entry(i));
    return { entries, more: to < this.ends.length };
  }

  /** The kept entries, oldest first (for the latest messages of a channel). */
  *newestFirst(): Iterable<LogEntry<E>> {
    for (let i = this.ends.length - 1; i >= this.head; i--) yield this.entry(i);
  }

  /** Keeps only the newest `keep` entries (a test shrinks the log to meet "too long"). */
  forget(keep: number): void {
    while (this.size > Math.max(0, keep)) this.dropOldest();
    this.compact();
  }

  private entry(i: number): LogEntry<E> {
    return { start: i === this.head ? this.floorValue : this.ends[i - 1]!, end: this.ends[i]!, date: this.dates[i]!, event: this.events[i] };
  }

  private trim(): void {
    const limit = this.limit();
    if (this.size <= limit) return;
    while (this.size > limit) this.dropOldest();
    this.compact();
  }

  private dropOldest(): void {
    this.floorValue = this.ends[this.head]!;
    this.events[this.head++] = undefined;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.ends.length) {
      this.ends = this.ends.slice(this.head);
      this.dates = this.dates.slice(this.head);
      this.events = this.events.slice(this.head);
      this.head = 0;
    } else if (this.head === this.ends.length) {
      this.ends = [];
      this.dates = [];
      this.events = [];
      this.head = 0;
    }
  }

  /** Index of the first kept entry whose end is past `position` (binary search: ends increase). */
  private firstAfter(position: number): number {
    let lo = this.head;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid]! <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
