/** Checking a saved `UpdatesState` before trusting it. */
import { describe, isInt } from './classify.js';
import type { UpdatesState } from './types.js';

/** Why a saved updates state cannot be used. */
export class UpdatesStateError extends TypeError {
  override readonly name = 'UpdatesStateError';
  constructor(
    readonly field: string,
    readonly got: unknown,
    readonly expected = 'a non-negative int32',
  ) {
    super(`updates state: ${field} is ${describe(got)}, expected ${expected}`);
  }
}

/**
 * Validates a saved state (from JSON or a store) and returns a fresh copy.
 * Throws `UpdatesStateError` naming the bad field.
 */
export function parseUpdatesState(value: unknown): UpdatesState {
  if (typeof value !== 'object' || value === null) throw new UpdatesStateError('the state', value, 'an object');
  const v = value as Record<string, unknown>;
  for (const f of ['pts', 'qts', 'seq', 'date'] as const) {
    if (!isInt(v[f]) || (v[f] as number) < 0) throw new UpdatesStateError(f, v[f]);
  }
  const channels: Record<string, number> = {};
  const raw = v.channels ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UpdatesStateError('channels', raw, 'an object of channel id -> pts');
  for (const [id, pts] of Object.entries(raw)) {
    if (!/^[1-9][0-9]{0,18}$/.test(id)) throw new UpdatesStateError('a channels key', id, 'a channel id in decimal');
    if (!isInt(pts) || pts < 0) throw new UpdatesStateError(`channels[${id}]`, pts);
    channels[id] = pts;
  }
  return { pts: v.pts as number, qts: v.qts as number, seq: v.seq as number, date: v.date as number, channels };
}
