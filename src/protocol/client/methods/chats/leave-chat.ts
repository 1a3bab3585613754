import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';

/** Leaves a channel, megagroup or basic group. */
export async function leaveChat(client: Client, peer: PeerLike): Promise<void> {
  const input = await resolvePeer(client, peer);
  if (input._ === 'inputPeerChannel') {
    await client.invoke({ _: 'channels.leaveChannel', channel: { _: 'inputChannel', channelId: input.channelId, accessHash: input.accessHash } });
  } else if (input._ === 'inputPeerChat') {
    await client.invoke({ _: 'messages.deleteChatUser', chatId: input.chatId, userId: { _: 'inputUserSelf' } });
  } else throw new InvalidArgumentError('leaveChat', 'peer', 'a group or channel', peer);
}
