import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';

/**
 * Sets one's reactions on a message: an emoji, several, or none ([] clears
 * them). Resolves with the message's reactions as they stand after.
 */
export async function sendReaction(client: Client, peer: PeerLike, msgId: number, emoji: string | readonly string[], params: { big?: boolean } = {}): Promise<tl.TypeMessageReactions | undefined> {
  const list = typeof emoji === 'string' ? [emoji] : emoji;
  if (!Array.isArray(list) || !list.every((e) => typeof e === 'string' && e.length > 0)) throw new InvalidArgumentError('sendReaction', 'emoji', 'an emoji or an array of them', emoji);
  const result = await client.invoke({
    _: 'messages.sendReaction',
    peer: await resolvePeer(client, peer),
    msgId,
    reaction: list.map((emoticon): tl.ReactionEmoji => ({ _: 'reactionEmoji', emoticon })),
    big: params.big || undefined,
  });
  const updates = result._ === 'updates' || result._ === 'updatesCombined' ? result.updates : [];
  return updates.find((u): u is tl.UpdateMessageReactions => u._ === 'updateMessageReactions' && u.msgId === msgId)?.reactions;
}
