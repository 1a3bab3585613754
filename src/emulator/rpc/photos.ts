/**
 * photos.*: profile photos, kept newest first. photos.getUserPhotos is the
 * origin a profile photo's file_reference is refreshed from; the photo is
 * downloaded with inputPhotoFileLocation ('a' small, 'c' big) or
 * inputPeerPhotoFileLocation.
 */
import type { tl } from '../../schema/index.js';
import { filesOf } from '../world/files.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';
import { fileRules } from './file-locations.js';
import { userOf } from './peers.js';

const MAX_LIMIT = 100;

/** photos.uploadProfilePhoto: the uploaded file becomes the caller's current profile photo. */
export function uploadProfilePhoto(ctx: CallContext, req: tl.photos.UploadProfilePhotoRequest): tl.photos.Photo {
  const me = loggedIn(ctx);
  if (req.bot) throw new RpcFailure(400, 'BOT_INVALID');
  if (!req.file) throw new RpcFailure(400, 'PHOTO_FILE_MISSING');
  const files = filesOf(ctx.world);
  const content = fileRules(() => files.uploads.take(me.id, ctx.dcId, req.file!));
  const file = files.store(content, ctx.dcId, { kind: 'photo', profile: true });
  files.setProfilePhoto(me.id, file);
  return { _: 'photos.photo', photo: files.photo(file), users: [ctx.world.user(me, me.id)] };
}

/** photos.getUserPhotos: a user's profile photos, newest first, from `offset`, older than the photo `max_id` when it is set. */
export function getUserPhotos(ctx: CallContext, req: tl.photos.GetUserPhotosRequest): tl.photos.TypePhotos {
  const me = loggedIn(ctx);
  const user = userOf(ctx, req.userId);
  const files = filesOf(ctx.world);
  let all = files.profilePhotosOf(user.id);
  // Ids are not in time order here: max_id names a photo, and the answer starts after it.
  const after = req.maxId > 0n ? all.findIndex((p) => p.id === req.maxId) : -1;
  if (after >= 0) all = all.slice(after + 1);
  const offset = Math.max(0, req.offset | 0);
  const limit = req.limit > 0 ? Math.min(req.limit, MAX_LIMIT) : MAX_LIMIT;
  const photos = all.slice(offset, offset + limit).map((p) => files.photo(p));
  const users = [ctx.world.user(user, me.id)];
  if (photos.length === all.length) return { _: 'photos.photos', photos, users };
  return { _: 'photos.photosSlice', count: all.length, photos, users };
}
