/**
 * How a call that changes the world answers, as Telegram does: what it makes
 * happen to the caller's own account is pushed to the account's other
 * sessions, and carried to the calling session by the answer alone (with the
 * seq those pushes took, so that session's seq stays continuous), never
 * pushed to it as well.
 */
import type { tl } from '../../schema/index.js';
import type { SentMessage } from '../world/activity.js';
import type { Answered } from '../world/updates.js';
import { loggedIn, unixNow, type CallContext } from './context.js';
import { peersFor } from './peers.js';

/** Runs what a call does as its session (see AccountUpdates.asCaller). */
export function asCaller<T>(ctx: CallContext, fn: () => T): Answered<T> {
  return ctx.world.updates.asCaller({ userId: loggedIn(ctx).id, authKeyId: ctx.authKeyId, sessionId: ctx.sessionId }, fn);
}

/**
 * The answer of a call: `first` (updateMessageID…), then what it made happen
 * to the caller, as `updates` with the seq it took (0: none), or
 * `updatesCombined` when it took several.
 */
export function answerUpdates(ctx: CallContext, answered: Answered<unknown>, first: tl.TypeUpdate[] = []): tl.Updates | tl.UpdatesCombined {
  const updates = [...first, ...answered.outs.flatMap((o) => o.updates)];
  const peers = peersFor(ctx, answered.outs.flatMap((o) => o.users), answered.outs.flatMap((o) => o.chats));
  const date = unixNow(ctx);
  const { seqStart, seq } = answered;
  if (seqStart < seq) return { _: 'updatesCombined', updates, ...peers, date, seqStart, seq };
  return { _: 'updates', updates, ...peers, date, seq };
}

/**
 * What messages.sendMessage / sendMedia / forwardMessages answer (in
 * `updates` form): updateMessageID for each message sent with a random_id,
 * then the sender's updateNewMessage / updateNewChannelMessage.
 */
export function sentUpdates(ctx: CallContext, answered: Answered<unknown>, sent: readonly SentMessage[], randomIds: readonly bigint[]): tl.Updates | tl.UpdatesCombined {
  const ids: tl.UpdateMessageID[] = [];
  sent.forEach((s, i) => {
    if (randomIds[i] !== undefined) ids.push({ _: 'updateMessageID', id: s.id, randomId: randomIds[i]! });
  });
  return answerUpdates(ctx, answered, ids);
}
