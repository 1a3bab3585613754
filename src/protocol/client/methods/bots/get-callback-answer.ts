import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';
import type { Cancellation } from '../../abort.js';

/**
 * Users: presses a callback button of a bot's message (`data` as the button
 * has it) and resolves with the bot's answer. The server waits for the bot;
 * one that stays silent gives BOT_RESPONSE_TIMEOUT.
 */
export async function getCallbackAnswer(client: Client, peer: PeerLike, msgId: number, data: Uint8Array | string, params: { signal?: Cancellation } = {}): Promise<tl.messages.BotCallbackAnswer> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return client.invoke({ _: 'messages.getBotCallbackAnswer', peer: await resolvePeer(client, peer), msgId, data: bytes }, { signal: params.signal });
}
