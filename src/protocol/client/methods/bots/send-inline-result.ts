import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';
import { randomId, sentMessages } from '../messages/sent.js';

/** Users: sends the chosen result of getInlineResults to a chat; resolves with the message (via_bot_id set). */
export async function sendInlineResult(client: Client, peer: PeerLike, results: tl.messages.BotResults, resultId: string, params: { silent?: boolean } = {}): Promise<tl.Message> {
  const request: tl.messages.SendInlineBotResultRequest = {
    _: 'messages.sendInlineBotResult',
    peer: await resolvePeer(client, peer),
    randomId: randomId(),
    queryId: results.queryId,
    id: resultId,
    silent: params.silent || undefined,
  };
  const result = await client.invoke(request);
  return sentMessages('sendInlineResult', result, [request.randomId], request, client.self?.id)[0]!;
}
