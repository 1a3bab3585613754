/**
 * Routes each update to the box that orders it (common pts, qts, a channel's
 * pts) or delivers it at once when nothing orders it. This is the per-update
 * path: keep it free of allocations beyond the held item.
 */
import type { tl } from '../../schema/index.js';
import { classify } from './classify.js';
import { channelTooLong, offerChannel } from './channel-box.js';
import { offerCommon, requestSync } from './common-box.js';
import type { EngineCore, Held } from './core.js';
import { emit, malformed } from './step.js';
import type { UpdateSource } from './types.js';

/**
 * Processes a container's updates in order. If one of them starts fetching
 * the common state (updatePtsChanged), the rest waits with the other held input.
 * `orderedOnly`: the container was seen already, keep only pts/qts-checked updates.
 */
export function processList(core: EngineCore, updates: unknown[], users: tl.TypeUser[], chats: tl.TypeChat[], orderedOnly: boolean): void {
  for (let i = 0; i < updates.length; i++) {
    if (core.sync) {
      let rest = updates.slice(i);
      if (orderedOnly) rest = rest.filter((u) => classify(u).kind !== 'none');
      core.deferred.unshift({ kind: 'updates', updates: { _: 'updates', updates: rest, users, chats, date: 0, seq: 0 }, context: undefined });
      return;
    }
    processOne(core, updates[i], users, chats, orderedOnly);
  }
}

export function processOne(core: EngineCore, u: unknown, users: tl.TypeUser[], chats: tl.TypeChat[], orderedOnly: boolean, source: UpdateSource = 'live'): void {
  const slot = classify(u);
  const update = u as tl.TypeUpdate;
  const held: Held = { update, users, chats, source };
  switch (slot.kind) {
    case 'malformed':
      return malformed(core, slot.message, u);
    case 'none':
      if (!orderedOnly) emit(core, update, users, chats, source);
      return;
    case 'pts':
      return offerCommon(core, core.common, 'pts', slot.start, slot.end, held);
    case 'qts':
      return offerCommon(core, core.secret, 'qts', slot.start, slot.end, held);
    case 'channel':
      return offerChannel(core, slot.channelId, slot.start, slot.end, held);
    case 'channel-too-long':
      return channelTooLong(core, slot.channelId, slot.pts);
    case 'pts-changed':
      if (!orderedOnly) emit(core, update, users, chats, source);
      return requestSync(core, 'state', 'updatePtsChanged');
  }
}
