import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';
import type { Cancellation } from '../../abort.js';

export interface IterHistoryParams {
  /** How many messages in all (default: every one). */
  limit?: number;
  /** Start below this id (newest first), or above it with `reverse`. */
  offsetId?: number;
  /** Oldest first. */
  reverse?: boolean;
  /** Only ids above / below these. */
  minId?: number;
  maxId?: number;
  /** Messages per request, at most 100 (Telegram's cap). */
  pageSize?: number;
  signal?: Cancellation;
}

/** A chat's messages, newest first (or oldest first with `reverse`), fetched a page at a time as the loop asks. */
export async function* iterHistory(client: Client, peer: PeerLike, params: IterHistoryParams = {}): AsyncGenerator<tl.Message | tl.MessageService> {
  const limit = params.limit ?? Infinity;
  if (limit !== Infinity && (!Number.isInteger(limit) || limit < 0)) throw new InvalidArgumentError('iterHistory', 'limit', 'a whole number ≥ 0', limit);
  const pageSize = Math.min(params.pageSize ?? 100, 100);
  const input = await resolvePeer(client, peer);
  // Newest first: messages below the cursor. Oldest first: the cursor is the lowest id still wanted.
  let cursor = params.reverse ? (params.offsetId ?? 0) + 1 : (params.offsetId ?? 0);
  let yielded = 0;
  while (yielded < limit) {
    const want = Math.min(pageSize, limit - yielded);
    // Going up: offset_id with add_offset -want is the `want` messages at or above it, as Telegram pages.
    const result = await client.invoke(
      {
        _: 'messages.getHistory',
        peer: input,
        offsetId: cursor,
        offsetDate: 0,
        addOffset: params.reverse ? -want : 0,
        limit: want,
        maxId: params.maxId ?? 0,
        minId: params.minId ?? 0,
        hash: 0n,
      },
      { signal: params.signal },
    );
    if (result._ === 'messages.messagesNotModified') return;
    let page = result.messages.filter((m): m is tl.Message | tl.MessageService => m._ !== 'messageEmpty');
    if (params.reverse) page = page.filter((m) => m.id >= cursor).reverse();
    for (const m of page) {
      yield m;
      if (++yielded >= limit) return;
    }
    if (page.length < want) return;
    cursor = params.reverse ? page.at(-1)!.id + 1 : page.at(-1)!.id;
  }
}
