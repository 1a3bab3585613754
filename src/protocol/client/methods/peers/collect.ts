import type { tl } from '../../../../schema/index.js';

/**
 * The users and chats a result carries: its own `users` / `chats`, those of
 * an `updates` it wraps (messages.invitedUsers), or a bare vector of users
 * (users.getUsers). For the peer cache.
 */
export function peersIn(result: unknown): { users: tl.TypeUser[]; chats: tl.TypeChat[] } {
  const users: tl.TypeUser[] = [];
  const chats: tl.TypeChat[] = [];
  const take = (o: unknown, depth: number) => {
    if (Array.isArray(o)) {
      for (const x of o) if (isObject(x) && (x._ === 'user' || x._ === 'userEmpty')) users.push(x as unknown as tl.TypeUser);
      return;
    }
    if (!isObject(o)) return;
    if (Array.isArray(o.users)) users.push(...(o.users as unknown[]).filter(isObject) as unknown as tl.TypeUser[]);
    if (Array.isArray(o.chats)) chats.push(...(o.chats as unknown[]).filter(isObject) as unknown as tl.TypeChat[]);
    if (depth === 0 && isObject(o.updates)) take(o.updates, 1);
  };
  take(result, 0);
  return { users, chats };
}

function isObject(x: unknown): x is Record<string, unknown> & { _: string } {
  return typeof x === 'object' && x !== null && typeof (x as { _?: unknown })._ === 'string';
}
