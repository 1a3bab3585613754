/**
 * One `Updates` input, by constructor: short forms become full updates,
 * containers go through seq, updatesTooLong asks for the difference. Input
 * that arrived while the common state was fetched is replayed from here.
 */
import type { tl } from '../../schema/index.js';
import { describe, isInt, isObject } from './classify.js';
import { offerChannel } from './channel-box.js';
import { offerCommon, requestSync } from './common-box.js';
import type { Deferred, EngineCore, Held } from './core.js';
import { processList } from './route.js';
import { handleContainer } from './seq.js';
import { checkShort, fromShortChatMessage, fromShortMessage, fromShortSentMessage } from './short.js';
import { malformed } from './step.js';
import type { FeedContext } from './types.js';

/** Input waits (in `core.deferred`) until the engine starts and while the common state is fetched. */
export function holdingInput(core: EngineCore): boolean {
  return !core.started || core.sync !== undefined;
}

export function replay(core: EngineCore, d: Deferred): void {
  if (d.kind === 'updates') return handleUpdates(core, d.updates, d.context);
  const held: Held = { update: undefined, users: [], chats: [], source: 'live' };
  if (d.channelId === undefined) offerCommon(core, core.common, 'pts', d.start, d.end, held);
  else offerChannel(core, d.channelId, d.start, d.end, held);
}

export function handleUpdates(core: EngineCore, input: unknown, context: FeedContext | undefined): void {
  if (!isObject(input)) return malformed(core, `not an Updates object: ${describe(input)}`, input);
  const u = input;
  switch (u._) {
    case 'updatesTooLong':
      return requestSync(core, 'difference', 'updatesTooLong');
    case 'updateShort':
      if (!isInt(u.date)) return malformed(core, 'updateShort without a date', u);
      return processList(core, [u.update], [], [], false);
    case 'updateShortMessage':
    case 'updateShortChatMessage':
    case 'updateShortSentMessage': {
      const bad = checkShort(u);
      if (bad) return malformed(core, bad, u);
      const full =
        u._ === 'updateShortMessage'
          ? fromShortMessage(u as unknown as tl.UpdateShortMessage, core.selfId)
          : u._ === 'updateShortChatMessage'
            ? fromShortChatMessage(u as unknown as tl.UpdateShortChatMessage)
            : fromShortSentMessage(u as unknown as tl.UpdateShortSentMessage, context?.request, core.selfId);
      const pts = u.pts as number;
      const count = u.ptsCount as number;
      // Without the request, our own sent message cannot be rebuilt; its pts is still consumed.
      return offerCommon(core, core.common, 'pts', pts - count, pts, { update: full, users: [], chats: [], source: 'live' });
    }
    case 'updates':
    case 'updatesCombined':
      return handleContainer(core, u);
    default:
      return malformed(core, `not an Updates constructor: ${u._}`, u);
  }
}
