import type { tl } from '../../schema/index.js';
import { classify, type Slot } from './classify.js';

/**
 * A difference's updates with their slots, each ordered kind sorted by pts
 * (qts) among the positions it holds, the others left where they are.
 */
export function inOrder(updates: tl.TypeUpdate[]): [tl.TypeUpdate, Slot][] {
  const pairs = updates.map((u) => [u, classify(u)] as [tl.TypeUpdate, Slot]);
  for (const kind of ['pts', 'qts', 'channel'] as const) {
    const at = pairs.flatMap((p, i) => (p[1].kind === kind ? [i] : []));
    const sorted = at.map((i) => pairs[i]!).sort((a, b) => end(a[1]) - end(b[1]));
    at.forEach((i, k) => (pairs[i] = sorted[k]!));
  }
  return pairs;
}

function end(s: Slot): number {
  return 'end' in s ? s.end : 0;
}
