/**
 * The seq of `updates` / `updatesCombined` containers: a container applies
 * when it follows the last one, is re-checked box by box when seen already,
 * and waits behind a gap (for `gapMs`, then getDifference) when early.
 */
import type { tl } from '../../schema/index.js';
import { isInt } from './classify.js';
import type { EngineCore, SeqHeld } from './core.js';
import { processList } from './route.js';
import { issue, malformed } from './step.js';

export function handleContainer(core: EngineCore, c: Record<string, unknown> & { _: string }): void {
  const seqStart = c._ === 'updatesCombined' ? c.seqStart : c.seq;
  if (!Array.isArray(c.updates) || !isInt(c.seq) || !isInt(seqStart) || !isInt(c.date)) {
    return malformed(core, `${c._} without updates, seq or date`, c);
  }
  const users = (Array.isArray(c.users) ? c.users : []) as tl.TypeUser[];
  const chats = (Array.isArray(c.chats) ? c.chats : []) as tl.TypeChat[];
  // seq 0: "no order", only the updates' own pts/qts count.
  if (c.seq === 0 || seqStart === 0) return processList(core, c.updates, users, chats, false);
  const held: SeqHeld = { seqStart, seq: c.seq, date: c.date, updates: c.updates, users, chats };
  if (core.seq + 1 === seqStart) {
    applySeq(core, held);
    drainSeq(core);
  } else if (core.seq >= seqStart) {
    // Already applied: its pts/qts updates still pass their own checks (they may be new
    // to a box the difference did not cover); the unordered ones were delivered then.
    processList(core, held.updates, users, chats, true);
  } else {
    const i = core.seqHeld.findIndex((h) => h.seqStart > seqStart);
    core.seqHeld.splice(i < 0 ? core.seqHeld.length : i, 0, held);
    if (core.seqGapDeadline === undefined) {
      core.seqGapDeadline = core.now() + core.gapMs;
      issue(core, { kind: 'gap', message: `seq gap: local ${core.seq}, received ${seqStart}; waiting ${core.gapMs} ms`, box: 'seq', local: core.seq, remote: seqStart });
    }
  }
}

function applySeq(core: EngineCore, h: SeqHeld): void {
  core.seq = h.seq;
  if (h.date > core.date) core.date = h.date;
  core.dirty = true;
  processList(core, h.updates, h.users, h.chats, false);
}

/** Applies the held containers that now follow; progress restarts the gap timer for the rest. */
export function drainSeq(core: EngineCore): void {
  let progress = false;
  while (core.seqHeld.length > 0 && !core.sync) {
    const h = core.seqHeld[0]!;
    if (h.seqStart > core.seq + 1) break;
    core.seqHeld.shift();
    progress = true;
    if (h.seqStart === core.seq + 1) applySeq(core, h);
    else processList(core, h.updates, h.users, h.chats, true);
  }
  if (core.seqHeld.length === 0) core.seqGapDeadline = undefined;
  else if (progress || core.seqGapDeadline === undefined) core.seqGapDeadline = core.now() + core.gapMs;
}
