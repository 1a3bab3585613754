import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';
import { randomId, sentMessages } from './sent.js';
import type { Cancellation } from '../../abort.js';

export interface ForwardMessagesParams {
  silent?: boolean;
  /** Forward as a copy, without the "forwarded from" header. */
  dropAuthor?: boolean;
  signal?: Cancellation;
}

/** Forwards messages from one chat to another; resolves with the new messages, in order (each with its fwd_from). */
export async function forwardMessages(client: Client, to: PeerLike, from: PeerLike, ids: readonly number[], params: ForwardMessagesParams = {}): Promise<tl.Message[]> {
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every(Number.isInteger)) throw new InvalidArgumentError('forwardMessages', 'ids', 'a non-empty array of message ids', ids);
  const request: tl.messages.ForwardMessagesRequest = {
    _: 'messages.forwardMessages',
    fromPeer: await resolvePeer(client, from),
    toPeer: await resolvePeer(client, to),
    id: [...ids],
    randomId: ids.map(() => randomId()),
  };
  if (params.silent) request.silent = true;
  if (params.dropAuthor) request.dropAuthor = true;
  const result = await client.invoke(request, { signal: params.signal });
  return sentMessages('forwardMessages', result, request.randomId, request, client.self?.id);
}
