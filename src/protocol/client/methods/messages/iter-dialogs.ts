import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer } from '../peers/resolve-peer.js';
import type { Cancellation } from '../../abort.js';

export interface DialogItem {
  dialog: tl.Dialog;
  /** Its latest message. */
  message: tl.TypeMessage | undefined;
  /** The user, chat or channel it is with. */
  peer: tl.TypeUser | tl.TypeChat | undefined;
}

export interface IterDialogsParams {
  /** How many in all (default: every one). */
  limit?: number;
  /** Per request, at most 100. */
  pageSize?: number;
  signal?: Cancellation;
}

/** The account's chats, most recent first, fetched a page at a time (paged by the last dialog's date, id and peer). */
export async function* iterDialogs(client: Client, params: IterDialogsParams = {}): AsyncGenerator<DialogItem> {
  const limit = params.limit ?? Infinity;
  if (limit !== Infinity && (!Number.isInteger(limit) || limit < 0)) throw new InvalidArgumentError('iterDialogs', 'limit', 'a whole number ≥ 0', limit);
  const pageSize = Math.min(params.pageSize ?? 100, 100);
  let offset = { date: 0, id: 0, peer: { _: 'inputPeerEmpty' } as tl.TypeInputPeer };
  let yielded = 0;
  const seen = new Set<string>();
  while (yielded < limit) {
    const want = Math.min(pageSize, limit - yielded);
    const result = await client.invoke(
      { _: 'messages.getDialogs', offsetDate: offset.date, offsetId: offset.id, offsetPeer: offset.peer, limit: want, hash: 0n },
      { signal: params.signal },
    );
    if (result._ === 'messages.dialogsNotModified') return;
    const dialogs = result.dialogs.filter((d): d is tl.Dialog => d._ === 'dialog');
    let fresh = 0;
    for (const dialog of dialogs) {
      const key = peerKey(dialog.peer);
      if (seen.has(key)) continue; // a dialog that moved up between pages
      seen.add(key);
      fresh++;
      const message = result.messages.find((m) => m.id === dialog.topMessage && samePeer(m, dialog.peer));
      const id = dialog.peer._ === 'peerUser' ? dialog.peer.userId : dialog.peer._ === 'peerChat' ? dialog.peer.chatId : dialog.peer.channelId;
      const peer = dialog.peer._ === 'peerUser' ? result.users.find((u) => u.id === id) : result.chats.find((c) => c.id === id);
      yield { dialog, message, peer };
      if (++yielded >= limit) return;
    }
    const last = dialogs.at(-1);
    if (!last || dialogs.length < want || fresh === 0 || result._ === 'messages.dialogs') return;
    const top = result.messages.find((m) => m.id === last.topMessage && samePeer(m, last.peer));
    const lastId = last.peer._ === 'peerUser' ? last.peer.userId : last.peer._ === 'peerChat' ? last.peer.chatId : last.peer.channelId;
    const object = last.peer._ === 'peerUser' ? result.users.find((u) => u.id === lastId) : result.chats.find((c) => c.id === lastId);
    offset = { date: top && top._ !== 'messageEmpty' ? top.date : 0, id: last.topMessage, peer: object ? await resolvePeer(client, object) : { _: 'inputPeerEmpty' } };
  }
}

function peerKey(p: tl.TypePeer): string {
  return p._ === 'peerUser' ? `u${p.userId}` : p._ === 'peerChat' ? `c${p.chatId}` : `h${p.channelId}`;
}

function samePeer(m: tl.TypeMessage, p: tl.TypePeer): boolean {
  return m._ !== 'messageEmpty' ? peerKey(m.peerId) === peerKey(p) : true;
}
