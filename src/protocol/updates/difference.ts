/**
 * The common fetch, updates.getState / updates.getDifference: what is sent,
 * what its answers do to the common pts, qts, seq and date, and how it ends
 * (slices and differenceTooLong fetch again; the end releases held input).
 */
import type { tl } from '../../schema/index.js';
import { describe, isInt, isObject, messageChannel } from './classify.js';
import { channelTooLong, offerChannel } from './channel-box.js';
import { requestSync } from './common-box.js';
import type { EngineCore, Held, InFlight, SyncFetch } from './core.js';
import { replay } from './feed.js';
import { inOrder } from './in-order.js';
import { retryLater, send } from './requests.js';
import { drainSeq } from './seq.js';
import { deliver, emit, issue, malformed, notePeers } from './step.js';
import type { UpdatesRequest } from './types.js';

export function sendSync(core: EngineCore, sync: SyncFetch): void {
  const request: UpdatesRequest =
    sync.kind === 'state' || core.common.pts === undefined
      ? { _: 'updates.getState' }
      : {
          _: 'updates.getDifference',
          pts: core.common.pts,
          date: core.date,
          qts: core.secret.pts ?? 0,
          ...(core.ptsTotalLimit === undefined ? {} : { ptsTotalLimit: core.ptsTotalLimit }),
        };
  sync.id = send(core, request, { kind: request._ === 'updates.getState' ? 'state' : 'difference', method: request._, sentAt: core.now() });
}

export function onState(core: EngineCore, result: unknown): void {
  const st = checkState(result);
  if (!st) return syncFailed(core, 'updates.getState', `updates.getState returned ${describe(result)}`, result);
  if (core.hasState) issue(core, { kind: 'state-reset', message: `state refetched (pts ${core.common.pts} -> ${st.pts})`, reason: core.sync?.reason ?? '' });
  setCommonState(core, st);
  finishSync(core);
}

export function onDifference(core: EngineCore, result: unknown): void {
  if (!isObject(result)) return syncFailed(core, 'updates.getDifference', `updates.getDifference returned ${describe(result)}`, result);
  const r = result as Record<string, unknown> & { _: string };
  switch (r._) {
    case 'updates.differenceEmpty':
      if (!isInt(r.date) || !isInt(r.seq)) return syncFailed(core, 'updates.getDifference', 'updates.differenceEmpty without date or seq', r);
      core.date = r.date;
      core.seq = r.seq;
      core.dirty = true;
      return finishSync(core);
    case 'updates.difference':
    case 'updates.differenceSlice': {
      const st = checkState(r._ === 'updates.difference' ? r.state : r.intermediateState);
      const lists = [r.newMessages, r.newEncryptedMessages, r.otherUpdates, r.users, r.chats];
      if (!st || !lists.every(Array.isArray)) return syncFailed(core, 'updates.getDifference', `${r._} without a state or its lists`, r);
      const d = r as unknown as tl.updates.Difference;
      notePeers(core, d.users, d.chats);
      applyDifference(core, d, st);
      if (r._ === 'updates.difference') return finishSync(core);
      return continueSync(core);
    }
    case 'updates.differenceTooLong':
      if (!isInt(r.pts)) return syncFailed(core, 'updates.getDifference', 'updates.differenceTooLong without pts', r);
      issue(core, { kind: 'difference-too-long', message: `difference too long: pts jumps ${core.common.pts} -> ${r.pts}; updates in between are lost, refetch dialogs`, pts: r.pts });
      core.common.pts = r.pts;
      core.dirty = true;
      return continueSync(core);
    default:
      return syncFailed(core, 'updates.getDifference', `updates.getDifference returned ${r._}`, r);
  }
}

/** getState / getDifference failed (not fatally): a refused state is refetched, anything else retried. */
export function onSyncError(core: EngineCore, f: InFlight, id: number, text: string): void {
  const sync = core.sync!;
  if (f.kind === 'difference' && /PERSISTENT_TIMESTAMP_INVALID/.test(text)) {
    issue(core, { kind: 'state-reset', message: `getDifference refused our state (${text}); refetching it with updates.getState, updates in between are lost`, reason: text });
    sync.kind = 'state';
    sync.id = undefined;
    sync.retryAt = core.now();
    return;
  }
  retryLater(core, sync, id, f.method, text);
}

/** Delivers a difference: it is authoritative for the common pts and qts up to its state. */
function applyDifference(core: EngineCore, d: tl.updates.Difference, st: tl.updates.State): void {
  const { users, chats } = d;
  for (const m of d.newMessages) {
    if (!isObject(m) || m._ === 'messageEmpty') continue;
    const channel = messageChannel(m) !== undefined;
    const update: tl.TypeUpdate = channel
      ? { _: 'updateNewChannelMessage', message: m, pts: 0, ptsCount: 0 }
      : { _: 'updateNewMessage', message: m, pts: 0, ptsCount: 0 };
    emit(core, update, users, chats, 'difference');
  }
  for (const m of d.newEncryptedMessages) if (isObject(m)) emit(core, { _: 'updateNewEncryptedMessage', message: m, qts: 0 }, users, chats, 'difference');
  const pts = core.common.pts ?? 0;
  const qts = core.secret.pts ?? 0;
  for (const [u, slot] of inOrder(d.otherUpdates)) {
    const held: Held = { update: u, users, chats, source: 'difference' };
    switch (slot.kind) {
      case 'malformed':
        malformed(core, slot.message, u);
        break;
      case 'pts':
        if (pts <= slot.start) emit(core, u, users, chats, 'difference');
        break;
      case 'qts':
        if (qts <= slot.start) emit(core, u, users, chats, 'difference');
        break;
      case 'channel':
        offerChannel(core, slot.channelId, slot.start, slot.end, held);
        break;
      case 'channel-too-long':
        channelTooLong(core, slot.channelId, slot.pts);
        break;
      case 'pts-changed':
        break;
      case 'none':
        emit(core, u, users, chats, 'difference');
    }
  }
  setCommonState(core, st);
}

function setCommonState(core: EngineCore, st: tl.updates.State): void {
  core.common.pts = st.pts;
  core.secret.pts = st.qts;
  core.seq = st.seq;
  core.date = st.date;
  core.hasState = true;
  core.dirty = true;
}

/** More of the difference to fetch: send again now, with a fresh backoff. */
function continueSync(core: EngineCore): void {
  const sync = core.sync!;
  sync.id = undefined;
  sync.retryAt = core.now();
  sync.attempts = 0;
}

/** The difference is complete: release what was held behind it, then the input that waited. */
function finishSync(core: EngineCore): void {
  const thenState = core.sync?.thenState ?? false;
  core.sync = undefined;
  const now = core.now();
  core.lastActivity = now;
  deliver(core, core.common.drain(now, core.gapMs));
  deliver(core, core.secret.drain(now, core.gapMs));
  drainSeq(core);
  if (thenState) requestSync(core, 'state', 'updatePtsChanged');
  while (core.deferred.length > 0 && !core.sync) replay(core, core.deferred.shift()!);
}

function syncFailed(core: EngineCore, method: 'updates.getState' | 'updates.getDifference', message: string, input: unknown): void {
  malformed(core, message, input);
  retryLater(core, core.sync!, undefined, method, 'malformed result');
}

/** A valid `updates.state`, or undefined. */
function checkState(x: unknown): tl.updates.State | undefined {
  if (!isObject(x) || x._ !== 'updates.state') return undefined;
  const ok = isInt(x.pts) && isInt(x.qts) && isInt(x.seq) && isInt(x.date);
  return ok ? (x as unknown as tl.updates.State) : undefined;
}
