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
  private entries: LogEntry<E>[] = [];
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
    return this.entries.length - this.head;
  }

  /** Takes the next `count` positions for `event` and returns its entry. */
  append(count: number, date: number, event: E | undefined): LogEntry<E> {
    const entry: LogEntry<E> = { start: this.position, end: this.position + count, date, event };
    this.position = entry.end;
    this.entries.push(entry);
    this.trim();
    return entry;
  }

  /** Whether a client at `position` can be answered from what is kept. */
  reaches(position: number): boolean {
    return position >= this.floorValue;
  }

  /** The entries ending after `position`, oldest first, at most `limit` of them. */
  since(position: number, limit: number): LogSlice<E> {
    const from = this.firstAfter(position);
    const to = Math.min(this.entries.length, from + Math.max(0, limit));
    return { entries: this.entries.slice(from, to), more: to < this.entries.length };
  }

  /** The kept entries, oldest first (for the latest messages of a channel). */
  *newestFirst(): Iterable<LogEntry<E>> {
    for (let i = this.entries.length - 1; i >= this.head; i--) yield this.entries[i]!;
  }

  /** Keeps only the newest `keep` entries (a test shrinks the log to meet "too long"). */
  forget(keep: number): void {
    while (this.size > Math.max(0, keep)) this.dropOldest();
    this.compact();
  }

  private trim(): void {
    const limit = this.limit();
    if (this.size <= limit) return;
    while (this.size > limit) this.dropOldest();
    this.compact();
  }

  private dropOldest(): void {
    const e = this.entries[this.head++]!;
    this.floorValue = e.end;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    } else if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    }
  }

  /** Index of the first kept entry whose end is past `position` (binary search: ends increase). */
  private firstAfter(position: number): number {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.end <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
