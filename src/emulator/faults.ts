import { UpdateFaults } from './world/update-faults.js';

/**
 * Fault knobs: tests turn them to watch a client recover. Each knob is plain
 * state the connections and sessions read as they work.
 */
export class Faults {
  /** Extra milliseconds before every frame the server sends. */
  delayMs = 0;
  /** Write every frame in pieces, a few bytes at a time, to exercise stream reassembly. */
  splitFrames = false;
  /** Added to the server clock, in seconds. */
  clockSkewSeconds = 0;
  private readonly failures = new Map<string, { code: number; message: string; times: number }[]>();
  private readonly drops = new Map<string, number>();

  constructor(
    private readonly closeAll: (dcId?: number) => void,
    private readonly rotateSalt: () => void,
    /**
     * Update delivery: drop, duplicate, reorder, withhold, skip pts,
     * updatesTooLong, updateChannelTooLong, by probability (seeded) or one-shot.
     * Events stay in the update logs, so getDifference finds what a push lost.
     */
    readonly updates: UpdateFaults = new UpdateFaults(),
  ) {}

  /** Drops every open connection (of one DC, or all), as a network failure would. */
  closeConnections(dcId?: number): void {
    this.closeAll(dcId);
  }

  /** Replaces the server salt: the next message of every client gets bad_server_salt. */
  badServerSalt(): void {
    this.rotateSalt();
  }

  /** Answers the next `times` calls of `method` with an rpc_error. */
  failMethod(method: string, code: number, message: string, times = 1): void {
    const list = this.failures.get(method) ?? [];
    list.push({ code, message, times });
    this.failures.set(method, list);
  }

  /** Loses the next `times` calls of `method` before the server sees them (the client must time out and ask). */
  dropCalls(method: string, times = 1): void {
    this.drops.set(method, (this.drops.get(method) ?? 0) + times);
  }

  /** Whether to lose this call of `method` now. */
  takeDrop(method: string): boolean {
    const left = this.drops.get(method) ?? 0;
    if (left <= 0) return false;
    this.drops.set(method, left - 1);
    return true;
  }

  /** The error to answer `method` with now, if a test asked for one. */
  takeFailure(method: string): { code: number; message: string } | undefined {
    const list = this.failures.get(method);
    const next = list?.[0];
    if (!next) return undefined;
    if (--next.times <= 0) list!.shift();
    return { code: next.code, message: next.message };
  }

  /** Back to a well-behaved server. */
  reset(): void {
    this.delayMs = 0;
    this.splitFrames = false;
    this.clockSkewSeconds = 0;
    this.failures.clear();
    this.drops.clear();
    this.updates.reset();
  }
}
