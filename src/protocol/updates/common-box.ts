/**
 * The common box (pts of private chats and basic groups) and the secret box
 * (qts): updates are offered in order, a gap is waited on for `gapMs`, and
 * when the boxes cannot go on by themselves the common difference is asked for.
 */
import type { EngineCore, Held } from './core.js';
import type { OrderedBox } from './ordered-box.js';
import { deliver, issue } from './step.js';

export function offerCommon(core: EngineCore, box: OrderedBox<Held>, name: 'pts' | 'qts', start: number, end: number, held: Held): void {
  const waiting = box.gapDeadline !== undefined;
  const r = box.offer({ start, end, item: held }, core.now(), core.gapMs);
  deliver(core, r.applied);
  if (r.held && !waiting) {
    issue(core, { kind: 'gap', message: `${name} gap: local ${box.pts}, received ${end} (count ${end - start}); waiting ${core.gapMs} ms`, box: name, local: box.pts!, remote: end });
  }
}

/**
 * Asks for getState or getDifference (sent by the engine's pump). One common
 * fetch at a time: a getState wanted during a getDifference follows it.
 */
export function requestSync(core: EngineCore, kind: 'state' | 'difference', reason: string): void {
  if (core.stoppedBy) return;
  if (core.sync) {
    if (kind === 'state' && core.sync.kind !== 'state') core.sync.thenState = true;
    return;
  }
  if (kind === 'difference' && !core.hasState) kind = 'state';
  core.sync = { kind, reason, id: undefined, retryAt: core.now(), attempts: 0, thenState: false };
  // The difference covers every gap of these boxes: stop waiting on them.
  core.common.gapDeadline = undefined;
  core.secret.gapDeadline = undefined;
  core.seqGapDeadline = undefined;
  issue(core, { kind: 'fetching', message: `fetching the ${kind === 'state' ? 'state' : 'difference'}: ${reason}`, box: 'common', reason });
}
