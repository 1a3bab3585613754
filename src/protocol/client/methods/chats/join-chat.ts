import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';

/** Joins a channel or megagroup (channels.joinChannel). */
export async function joinChat(client: Client, peer: PeerLike): Promise<void> {
  const input = await resolvePeer(client, peer);
  if (input._ !== 'inputPeerChannel') throw new InvalidArgumentError('joinChat', 'peer', 'a channel or megagroup', peer);
  await client.invoke({ _: 'channels.joinChannel', channel: { _: 'inputChannel', channelId: input.channelId, accessHash: input.accessHash } });
}
