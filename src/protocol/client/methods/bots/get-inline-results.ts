import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';
import type { Cancellation } from '../../abort.js';

export interface GetInlineResultsParams {
  /** The chat the query is typed in (default: the bot's private chat). */
  peer?: PeerLike;
  /** The `next_offset` of the previous page. */
  offset?: string;
  signal?: Cancellation;
}

/** Users: asks a bot inline (`@bot query`) and resolves with its results (gallery, next_offset, switch_pm, cache_time). */
export async function getInlineResults(client: Client, bot: PeerLike, query: string, params: GetInlineResultsParams = {}): Promise<tl.messages.BotResults> {
  const input = await resolvePeer(client, bot);
  if (input._ !== 'inputPeerUser') throw new InvalidArgumentError('getInlineResults', 'bot', 'a bot', bot);
  return client.invoke(
    {
      _: 'messages.getInlineBotResults',
      bot: { _: 'inputUser', userId: input.userId, accessHash: input.accessHash },
      peer: params.peer === undefined ? input : await resolvePeer(client, params.peer),
      query,
      offset: params.offset ?? '',
    },
    { signal: params.signal },
  );
}
