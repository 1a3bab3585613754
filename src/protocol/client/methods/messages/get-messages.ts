import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';

/**
 * Messages by id, in the order asked; undefined where there is none
 * (messageEmpty). Channels use channels.getMessages.
 */
export async function getMessages(client: Client, peer: PeerLike, ids: readonly number[]): Promise<(tl.Message | tl.MessageService | undefined)[]> {
  if (!Array.isArray(ids) || !ids.every(Number.isInteger)) throw new InvalidArgumentError('getMessages', 'ids', 'an array of message ids', ids);
  if (ids.length === 0) return [];
  const input = await resolvePeer(client, peer);
  const id: tl.InputMessageID[] = ids.map((i) => ({ _: 'inputMessageID', id: i }));
  const result =
    input._ === 'inputPeerChannel'
      ? await client.invoke({ _: 'channels.getMessages', channel: { _: 'inputChannel', channelId: input.channelId, accessHash: input.accessHash }, id })
      : await client.invoke({ _: 'messages.getMessages', id });
  if (result._ === 'messages.messagesNotModified') return ids.map(() => undefined);
  const byId = new Map(result.messages.flatMap((m) => (m._ === 'messageEmpty' ? [] : [[m.id, m] as const])));
  return ids.map((i) => byId.get(i));
}
