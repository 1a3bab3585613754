/** How the demo shows a transfer: a bar, printed where the run prints things. */
import type { InjectionToken } from 'tsyringe';
import type { TransferProgress } from '../src/protocol/index.js';

export interface ProgressReporter {
  /** Told as each part of `name` is done. */
  report(name: string, progress: TransferProgress): void;
}

export const PROGRESS: InjectionToken<ProgressReporter> = Symbol.for('layer-demo:progress');

/** `[████████░░░░░░░░]  50%  1.0 MB of 2.0 MB` */
export function progressBar(p: TransferProgress, width = 20): string {
  const fraction = p.total ? Math.min(1, p.bytes / p.total) : 0;
  const filled = Math.round(fraction * width);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${mb(p.bytes)}${p.total ? ` of ${mb(p.total)}` : ''}`;
}

/**
 * Prints a bar each time the transfer crosses another quarter (a log stays
 * readable when it is not a terminal).
 */
export function quarterlyBars(print: (line: string) => void): ProgressReporter {
  const shown = new Map<string, number>();
  return {
    report(name, p) {
      const quarter = p.total ? Math.floor((p.bytes / p.total) * 4) : 0;
      const last = shown.get(name);
      if (last !== undefined && quarter <= last) return;
      // A finished transfer forgets its name: the next file of that name gets its own bars.
      if (p.total !== undefined && p.bytes >= p.total) shown.delete(name);
      else shown.set(name, quarter);
      print(`${name} ${progressBar(p)}`);
    },
  };
}
