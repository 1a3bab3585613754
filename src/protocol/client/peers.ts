import type { tl } from '../../schema/index.js';
import { markedPeerId, type PeerEntry } from '../storage/index.js';

/** The peer-cache entries for users and chats that came with an update or a result. */
export function peerEntries(users: readonly tl.TypeUser[], chats: readonly tl.TypeChat[]): PeerEntry[] {
  const out: PeerEntry[] = [];
  for (const u of users) {
    if (u._ !== 'user' || u.accessHash === undefined) continue;
    out.push({ id: markedPeerId('user', u.id), accessHash: u.accessHash, kind: u.bot ? 'bot' : 'user', min: u.min ?? false, username: u.username, phone: u.phone });
  }
  for (const c of chats) {
    if (c._ === 'chat') out.push({ id: markedPeerId('chat', c.id), accessHash: 0n, kind: 'chat', min: false });
    else if ((c._ === 'channel' || c._ === 'channelForbidden') && c.accessHash !== undefined) {
      const kind = c._ === 'channel' && c.megagroup ? 'megagroup' : c._ === 'channel' && c.gigagroup ? 'gigagroup' : 'channel';
      out.push({ id: markedPeerId('channel', c.id), accessHash: c.accessHash, kind, min: c._ === 'channel' ? (c.min ?? false) : false, username: c._ === 'channel' ? c.username : undefined });
    }
  }
  return out;
}
