/**
 * Whether accounts are online. A status change is pushed as updateUserStatus
 * to the accounts that share a private chat with the user: Telegram tells
 * contacts; here, bots too (our choice, so tests can watch a status from a bot).
 */
import type { tl } from '../../schema/index.js';
import type { AccountUpdates } from './updates.js';
import type { Messages } from './messages.js';

export type StatusKind = 'online' | 'offline' | 'recently' | 'lastWeek' | 'lastMonth';

/** How long an "online" lasts without a renewal, as Telegram's apps assume. */
export const ONLINE_SECONDS = 300;

export class Statuses {
  private readonly byUser = new Map<bigint, tl.TypeUserStatus>();

  constructor(
    private readonly updates: AccountUpdates,
    private readonly messages: Messages,
  ) {}

  /** The status last set for a user (undefined: never set). */
  of(userId: bigint): tl.TypeUserStatus | undefined {
    return this.byUser.get(userId);
  }

  /** Sets a status and pushes it to those who share a private chat with the user. Returns it. */
  set(userId: bigint, kind: StatusKind): tl.TypeUserStatus {
    const now = this.updates.date();
    const status: tl.TypeUserStatus =
      kind === 'online'
        ? { _: 'userStatusOnline', expires: now + ONLINE_SECONDS }
        : kind === 'offline'
          ? { _: 'userStatusOffline', wasOnline: now }
          : kind === 'recently'
            ? { _: 'userStatusRecently' }
            : kind === 'lastWeek'
              ? { _: 'userStatusLastWeek' }
              : { _: 'userStatusLastMonth' };
    this.byUser.set(userId, status);
    for (const other of this.partners(userId)) this.messages.ephemeral(other, { _: 'updateUserStatus', userId, status }, [userId]);
    return status;
  }

  /** The accounts `userId` has a private chat with. */
  partners(userId: bigint): Set<bigint> {
    const out = new Set<bigint>();
    for (const s of this.updates.box(userId).messages.values()) {
      const p = s.message.peerId;
      if (p._ === 'peerUser' && p.userId !== userId) out.add(p.userId);
    }
    return out;
  }
}
