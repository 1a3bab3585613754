/**
 * Reactions on messages: who chose which, kept per message (one record for
 * all copies of a private or group message), shown on every copy as
 * `reactions` and pushed as updateMessageReactions, which takes no pts.
 */
import type { tl } from '../../schema/index.js';
import type { Conversations, StoredMessage } from './chats.js';
import type { AccountUpdates } from './updates.js';
import type { Messages } from './messages.js';
import type { PeerRef } from './activity.js';

type Chosen = Map<bigint, { reactions: tl.TypeReaction[]; date: number }>;

export class Reactions {
  /** Keyed by the copies map (shared by every copy) or, in channels, the stored message. */
  private readonly byMessage = new WeakMap<object, Chosen>();

  constructor(
    private readonly conversations: Conversations,
    private readonly updates: AccountUpdates,
    private readonly messages: Messages,
  ) {}

  /** Sets `user`'s reactions (empty: none) on a message it sees as `id` in `to`; every copy shows the new counts. */
  set(user: bigint, to: PeerRef, id: number, reactions: tl.TypeReaction[]): void {
    const stored = this.messages.find(user, to, id);
    if (!stored) throw new Error(`there is no message ${id} there`);
    const key = stored.copies ?? stored;
    const chosen = this.byMessage.get(key) ?? new Map();
    this.byMessage.set(key, chosen);
    if (reactions.length) chosen.set(user, { reactions, date: this.updates.date() });
    else chosen.delete(user);
    for (const { owner, copy } of this.copies(to, stored)) {
      const summary = summarize(chosen, owner);
      copy.message = { ...copy.message, reactions: summary };
      const update: tl.UpdateMessageReactions = { _: 'updateMessageReactions', peer: copy.message.peerId, msgId: copy.message.id, reactions: summary };
      const users = [...chosen.keys()];
      // Every member is told, the reactor's other sessions too; the reacting session gets it as its answer (asCaller).
      this.messages.ephemeral(owner, update, users, 'channel' in to ? [to.channel] : 'chat' in to ? [to.chat] : []);
    }
  }

  /** Each member's copy (a channel's one message stands for every member). */
  private copies(to: PeerRef, stored: StoredMessage): { owner: bigint; copy: StoredMessage }[] {
    if ('channel' in to) return [...this.conversations.channel(to.channel)!.members].map((owner) => ({ owner, copy: stored }));
    const out: { owner: bigint; copy: StoredMessage }[] = [];
    for (const [owner, ownerId] of stored.copies ?? []) {
      const copy = this.updates.box(owner).messages.get(ownerId);
      if (copy) out.push({ owner, copy });
    }
    return out;
  }
}

/** The counts of each reaction, with `viewer`'s own marked by chosen_order, and the recent list. */
function summarize(chosen: Chosen, viewer: bigint): tl.MessageReactions {
  const counts = new Map<string, tl.ReactionCount>();
  const recent: tl.MessagePeerReaction[] = [];
  for (const [user, { reactions, date }] of chosen) {
    reactions.forEach((reaction, order) => {
      const key = reactionKey(reaction);
      const c = counts.get(key) ?? { _: 'reactionCount', reaction, count: 0 };
      c.count++;
      if (user === viewer) c.chosenOrder = order;
      counts.set(key, c);
      const r: tl.MessagePeerReaction = { _: 'messagePeerReaction', peerId: { _: 'peerUser', userId: user }, date, reaction };
      if (user === viewer) r.my = true;
      recent.push(r);
    });
  }
  return { _: 'messageReactions', canSeeList: true, results: [...counts.values()], recentReactions: recent };
}

function reactionKey(r: tl.TypeReaction): string {
  return r._ === 'reactionEmoji' ? `e${r.emoticon}` : r._ === 'reactionCustomEmoji' ? `c${r.documentId}` : r._;
}
