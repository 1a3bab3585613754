import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';

export interface DeleteMessagesParams {
  /** Delete for everyone (default true), not only for oneself. Channels always delete for everyone. */
  revoke?: boolean;
}

/** Deletes messages; resolves with how many the server deleted (pts_count). */
export async function deleteMessages(client: Client, peer: PeerLike, ids: readonly number[], params: DeleteMessagesParams = {}): Promise<number> {
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every(Number.isInteger)) throw new InvalidArgumentError('deleteMessages', 'ids', 'a non-empty array of message ids', ids);
  const input = await resolvePeer(client, peer);
  const affected =
    input._ === 'inputPeerChannel'
      ? await client.invoke({ _: 'channels.deleteMessages', channel: { _: 'inputChannel', channelId: input.channelId, accessHash: input.accessHash }, id: [...ids] })
      : await client.invoke({ _: 'messages.deleteMessages', revoke: params.revoke ?? true, id: [...ids] });
  return affected.ptsCount;
}
