import type { tl } from '../../schema/index.js';
import { sha256 } from '../../protocol/crypto/index.js';
import type { Account } from './accounts.js';

/**
 * The access_hash `viewer` sees for `target`: stable, different per viewer, and
 * unguessable without the world's secret (as Telegram's are).
 */
export function accessHash(secret: Uint8Array, viewer: bigint, target: bigint): bigint {
  // Every container names its users for each viewer: a sha256 each time was a visible share of the emulator's time.
  let byViewer = cache.get(secret);
  if (!byViewer) cache.set(secret, (byViewer = new Map()));
  let byTarget = byViewer.get(viewer);
  if (!byTarget) byViewer.set(viewer, (byTarget = new Map()));
  let hash = byTarget.get(target);
  if (hash === undefined) byTarget.set(target, (hash = computeAccessHash(secret, viewer, target)));
  return hash;
}

const cache = new WeakMap<Uint8Array, Map<bigint, Map<bigint, bigint>>>();

function computeAccessHash(secret: Uint8Array, viewer: bigint, target: bigint): bigint {
  const ids = new Uint8Array(16);
  const view = new DataView(ids.buffer);
  view.setBigInt64(0, viewer, true);
  view.setBigInt64(8, target, true);
  const h = sha256(secret, ids);
  return new DataView(h.buffer, h.byteOffset, 8).getBigInt64(0, true);
}

/** What the world knows of an account beyond the account itself: its last status and its profile photo. */
export interface UserExtras {
  status?: tl.TypeUserStatus;
  photo?: tl.UserProfilePhoto;
}

/** An account as `viewer` sees it: Layer 224's user#31774388. */
export function userObject(account: Account, viewer: bigint, secret: Uint8Array, now: () => number, extras: UserExtras = {}): tl.User {
  const self = account.id === viewer;
  const user: tl.User = {
    _: 'user',
    id: account.id,
    accessHash: accessHash(secret, viewer, account.id),
    firstName: account.firstName,
  };
  if (self) user.self = true;
  if (account.lastName) user.lastName = account.lastName;
  if (account.username) user.username = account.username;
  if (account.kind === 'bot') {
    // bot and bot_info_version share flags.14: set both, or the flag and the int disagree.
    user.bot = true;
    user.botInfoVersion = 1;
  } else {
    // Telegram shows a user's own phone, and others' only to contacts.
    if (self && account.phone) user.phone = account.phone;
    user.status = extras.status ?? (self ? { _: 'userStatusOnline', expires: Math.floor(now() / 1000) + 300 } : { _: 'userStatusRecently' });
  }
  if (extras.photo) user.photo = extras.photo;
  return user;
}
