/**
 * What one call into the engine produces: the updates it delivers (each
 * message once), the peers it saw, and the issues it reports. Everything is
 * collected in `core.out` and handed out at the end of the call.
 */
import type { tl } from '../../schema/index.js';
import { isObject, messageChannel, messageKey } from './classify.js';
import type { EngineCore, Held } from './core.js';
import type { Slotted } from './ordered-box.js';
import type { UpdateEvent, UpdatesIssue, UpdateSource, UpdatesStep } from './types.js';

export const emptyStep = (): UpdatesStep => ({ updates: [], requests: [], users: [], chats: [], issues: [], stateChanged: false, deadline: undefined });

export function issue(core: EngineCore, i: UpdatesIssue): void {
  core.out.issues.push(i);
}

export function malformed(core: EngineCore, message: string, input: unknown): void {
  issue(core, { kind: 'malformed', message, input });
}

/** Hands the peers on to the driver's cache, and keeps the channels' access hashes for getChannelDifference. */
export function notePeers(core: EngineCore, users: unknown, chats: unknown): void {
  if (Array.isArray(users)) for (const u of users) if (isObject(u)) core.out.users.push(u as unknown as tl.TypeUser);
  if (!Array.isArray(chats)) return;
  for (const c of chats) {
    if (!isObject(c)) continue;
    core.out.chats.push(c as unknown as tl.TypeChat);
    const ok = (c._ === 'channel' && c.min !== true) || c._ === 'channelForbidden';
    if (ok && typeof c.id === 'bigint' && typeof c.accessHash === 'bigint') core.accessHashes.set(c.id, c.accessHash);
  }
}

/** Delivers what a box applied; an item without an update is a pts we consumed ourselves. */
export function deliver(core: EngineCore, items: Slotted<Held>[]): void {
  if (items.length > 0) core.dirty = true;
  for (const s of items) if (s.item.update) emit(core, s.item.update, s.item.users, s.item.chats, s.item.source);
}

export function emit(core: EngineCore, update: tl.TypeUpdate, users: tl.TypeUser[], chats: tl.TypeChat[], source: UpdateSource): void {
  const key = messageKey(update);
  if (key !== undefined) {
    // The same message from a difference and from a live update (or twice from the server).
    if (core.recent.has(key)) return;
    core.recent.add(key);
    const channelId = messageChannel((update as { message?: unknown }).message);
    const ch = channelId === undefined ? undefined : core.channels.get(channelId);
    const id = (update as { message: { id: number } }).message.id;
    if (ch && id > ch.maxMessageId) ch.maxMessageId = id;
  }
  core.out.updates.push({ update, users, chats, source } satisfies UpdateEvent);
}
