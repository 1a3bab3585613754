import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError, UnexpectedAnswerError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';

/** Creates a basic group with these users; resolves with the chat. */
export async function createGroup(client: Client, title: string, users: readonly PeerLike[]): Promise<tl.Chat> {
  if (!Array.isArray(users)) throw new InvalidArgumentError('createGroup', 'users', 'an array of peers', users);
  const inputs: tl.TypeInputUser[] = [];
  for (const u of users) {
    const p = await resolvePeer(client, u);
    if (p._ !== 'inputPeerUser') throw new InvalidArgumentError('createGroup', 'users', 'users', u);
    inputs.push({ _: 'inputUser', userId: p.userId, accessHash: p.accessHash });
  }
  const result = await client.invoke({ _: 'messages.createChat', users: inputs, title });
  const updates = result.updates;
  const chat = (updates._ === 'updates' || updates._ === 'updatesCombined' ? updates.chats : []).find((c): c is tl.Chat => c._ === 'chat');
  if (!chat) throw new UnexpectedAnswerError('createGroup', 'the new chat');
  return chat;
}
