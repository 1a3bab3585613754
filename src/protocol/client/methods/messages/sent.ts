import { randomLong } from '../../../crypto/index.js';
import type { tl } from '../../../../schema/index.js';
import { fromShortSentMessage } from '../../../updates/index.js';
import { UnexpectedAnswerError } from '../errors.js';

/** A fresh random_id: what makes a send safe to repeat (the server posts a random_id once). */
export function randomId(): bigint {
  return randomLong();
}

/**
 * The messages a send created, in the order of `randomIds`: matched through
 * updateMessageID to the updateNewMessage / updateNewChannelMessage that
 * carries each, or rebuilt from updateShortSentMessage and the request.
 */
export function sentMessages(method: string, result: tl.TypeUpdates, randomIds: readonly bigint[], request: { readonly _: string }, selfId: bigint | undefined): tl.Message[] {
  if (result._ === 'updateShortSentMessage') {
    const full = fromShortSentMessage(result, request, selfId);
    if (!full || full.message._ !== 'message') throw new UnexpectedAnswerError(method, 'the sent message');
    return [full.message];
  }
  const updates = result._ === 'updates' || result._ === 'updatesCombined' ? result.updates : result._ === 'updateShort' ? [result.update] : [];
  const idOf = new Map<bigint, number>();
  const byId = new Map<number, tl.Message>();
  for (const u of updates) {
    if (u._ === 'updateMessageID') idOf.set(u.randomId, u.id);
    else if ((u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage' || u._ === 'updateNewScheduledMessage') && u.message._ === 'message') byId.set(u.message.id, u.message);
  }
  return randomIds.map((r) => {
    const message = byId.get(idOf.get(r) ?? NaN);
    if (!message) throw new UnexpectedAnswerError(method, `the message sent with random_id ${r}`);
    return message;
  });
}

/** The first message-bearing update of an answer (edits, service messages). */
export function messageIn(method: string, result: tl.TypeUpdates): tl.TypeMessage {
  const updates = result._ === 'updates' || result._ === 'updatesCombined' ? result.updates : result._ === 'updateShort' ? [result.update] : [];
  for (const u of updates) {
    if ('message' in u && typeof u.message === 'object' && u.message !== null && '_' in u.message) return u.message as tl.TypeMessage;
  }
  throw new UnexpectedAnswerError(method, 'a message');
}
