/**
 * A tiny timing helper: warm up, then time a few rounds and keep the median
 * ops/s, so one GC pause or JIT tier-up does not decide the result.
 */

export interface BenchRow {
  library: string;
  case: string;
  opsPerSec: number;
  /** Free text for the table, e.g. the encoded size. */
  note?: string;
}

export interface MeasureOptions {
  warmupMs?: number;
  rounds?: number;
  roundMs?: number;
}

/** Written by every call, so the engine cannot drop the work as unused. */
export let sink: unknown;

/** Median ops/s of `fn` over `rounds` rounds of about `roundMs` each (~1 s by default). */
export function measure(fn: () => unknown, { warmupMs = 250, rounds = 5, roundMs = 200 }: MeasureOptions = {}): number {
  // Warm up, and size batches so the clock is read about every 5 ms.
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < warmupMs) {
    sink = fn();
    calls++;
  }
  const batch = Math.max(1, Math.round((calls / warmupMs) * 5));

  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < roundMs) {
      for (let i = 0; i < batch; i++) sink = fn();
      ops += batch;
      elapsed = performance.now() - t0;
    }
    results.push((ops / elapsed) * 1000);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

/** Prints rows as a table; the ratio is layer's ops/s over the row's, per case (>1: layer is faster). */
export function printTable(rows: BenchRow[]): void {
  const layerOps = new Map(rows.filter((r) => r.library === 'layer').map((r) => [r.case, r.opsPerSec]));
  const header = ['case', 'library', 'ops/s', 'layer/peer', 'note'];
  const lines = rows.map((r) => {
    const ours = layerOps.get(r.case);
    return [
      r.case,
      r.library,
      // NaN: the row failed (its note says why).
      Number.isNaN(r.opsPerSec) ? 'failed' : Math.round(r.opsPerSec).toLocaleString('en-US'),
      ours === undefined || Number.isNaN(r.opsPerSec) || Number.isNaN(ours) ? '-' : (ours / r.opsPerSec).toFixed(2),
      r.note ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const numeric = [false, false, true, true, false];
  const format = (cells: string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(format(l));
}
