import type { tl } from '../../../../schema/index.js';
import type { FormattedText } from '../../text/index.js';
import type { Client } from '../../client.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';
import { formatText, markupOf, type ReplyMarkupLike } from './send-message.js';
import { messageIn } from './sent.js';
import type { Cancellation } from '../../abort.js';

export interface EditMessageParams {
  parseMode?: 'html' | 'markdown';
  entities?: tl.TypeMessageEntity[];
  replyMarkup?: ReplyMarkupLike;
  noWebpage?: boolean;
  signal?: Cancellation;
}

/**
 * Edits one's own message (bots too): new text (undefined keeps it, with a
 * new `replyMarkup`). Resolves with the edited message. The server answers
 * MESSAGE_NOT_MODIFIED when nothing changes, MESSAGE_AUTHOR_REQUIRED for others'.
 */
export async function editMessage(client: Client, peer: PeerLike, id: number, text: string | FormattedText | undefined, params: EditMessageParams = {}): Promise<tl.TypeMessage> {
  const request: tl.messages.EditMessageRequest = { _: 'messages.editMessage', peer: await resolvePeer(client, peer), id };
  if (text !== undefined) {
    const formatted = formatText('editMessage', text, params);
    request.message = formatted.text;
    request.entities = formatted.entities;
  }
  if (params.replyMarkup) request.replyMarkup = markupOf(params.replyMarkup);
  if (params.noWebpage) request.noWebpage = true;
  return messageIn('editMessage', await client.invoke(request, { signal: params.signal }));
}
