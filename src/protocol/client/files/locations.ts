/**
 * From what the caller has (a message, its media, a document, a photo, a
 * user's profile photo, or a raw location) to what upload.getFile needs: the
 * location, the DC the file lives on, its size, and the origin to re-fetch
 * when its file reference expires. Photo sizes and thumbnails are chosen here.
 */
import type { tl } from '../../../schema/index.js';
import { FileInputError } from './errors.js';
import type { FileOrigin } from './references.js';

/** A raw location with what is known about it. */
export interface FileLocation {
  location: tl.TypeInputFileLocation;
  /** The DC the file lives on; without it the home DC is asked and FILE_MIGRATE_X says where. */
  dcId?: number;
  size?: number;
  origin?: FileOrigin;
}

/** A user's current profile photo (inputPeerPhotoFileLocation: no file reference to expire). */
export interface ProfilePhoto {
  user: tl.User;
  big?: boolean;
}

export type Downloadable = tl.Message | tl.TypeMessageMedia | tl.TypeDocument | tl.TypePhoto | FileLocation | ProfilePhoto;

export interface ChooseOptions {
  /** A photo size by type ('s', 'm', 'x', 'y', 'w', ...); default the largest. */
  size?: string;
  /** A document's (or video's) thumbnail by type, or `true` for its largest one; default the document itself. */
  thumb?: string | true;
}

export interface ResolvedFile {
  location: tl.TypeInputFileLocation;
  dcId?: number;
  size?: number;
  origin?: FileOrigin;
  /** Sizes carried inline (photoCachedSize, photoStrippedSize, photoPathSize): nothing to fetch. */
  inline?: Uint8Array;
}

export function resolveFile(input: Downloadable, choose: ChooseOptions = {}, origin?: FileOrigin): ResolvedFile {
  if (!('_' in input)) return 'location' in input ? { ...input, origin: input.origin ?? origin } : profilePhoto(input);
  return resolveTl(input as tl.Message | tl.TypeMessageMedia | tl.TypeDocument | tl.TypePhoto, choose, origin);
}

function resolveTl(input: tl.Message | tl.TypeMessageMedia | tl.TypeDocument | tl.TypePhoto, choose: ChooseOptions, origin?: FileOrigin): ResolvedFile {
  switch (input._) {
    case 'message': {
      if (!input.media) throw new FileInputError(`message ${input.id} has no media`);
      return resolveFile(input.media, choose, origin ?? { kind: 'message', peer: input.peerId, id: input.id });
    }
    case 'messageMediaPhoto':
      if (!input.photo) throw new FileInputError('messageMediaPhoto without a photo (expired self-destructing media?)');
      return resolveFile(input.photo, choose, origin);
    case 'messageMediaDocument':
      if (!input.document) throw new FileInputError('messageMediaDocument without a document (expired self-destructing media?)');
      return resolveFile(input.document, choose, origin);
    case 'photo':
      return photoFile(input, choose.size ?? (typeof choose.thumb === 'string' ? choose.thumb : undefined), origin);
    case 'document':
      return choose.thumb === undefined ? documentFile(input, origin) : documentThumb(input, choose.thumb, origin);
    case 'photoEmpty':
    case 'documentEmpty':
      throw new FileInputError(`${input._}: there is no file to download`);
    default:
      if (input._.startsWith('messageMedia')) throw new FileInputError(`${input._} has no file to download`);
      throw new FileInputError(`cannot download a ${(input as { _: string })._}`);
  }
}

function documentFile(doc: tl.Document, origin?: FileOrigin): ResolvedFile {
  return {
    location: { _: 'inputDocumentFileLocation', id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: '' },
    dcId: doc.dcId,
    size: Number(doc.size),
    origin,
  };
}

function documentThumb(doc: tl.Document, thumb: string | true, origin?: FileOrigin): ResolvedFile {
  const sizes = doc.thumbs ?? [];
  const chosen = thumb === true ? largest(sizes) : sizes.find((s) => s.type === thumb);
  if (!chosen) throw new FileInputError(`document ${doc.id} has no thumbnail ${thumb === true ? '' : `of type '${thumb}' `}(it has: ${describeSizes(sizes)})`);
  return ofSize(chosen, { _: 'inputDocumentFileLocation', id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: chosen.type }, doc.dcId, origin);
}

function photoFile(photo: tl.Photo, type: string | undefined, origin?: FileOrigin): ResolvedFile {
  const chosen = type === undefined ? largest(photo.sizes) : photo.sizes.find((s) => s.type === type);
  if (!chosen) throw new FileInputError(`photo ${photo.id} has no size ${type === undefined ? 'to download' : `of type '${type}'`} (it has: ${describeSizes(photo.sizes)})`);
  return ofSize(chosen, { _: 'inputPhotoFileLocation', id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: chosen.type }, photo.dcId, origin);
}

/** One chosen photo size at `location`: its bytes when the size carries them inline, its byte count otherwise. */
function ofSize(chosen: tl.TypePhotoSize, location: tl.TypeInputFileLocation, dcId: number, origin?: FileOrigin): ResolvedFile {
  const inline = inlineBytes(chosen);
  return { location, dcId, size: inline ? inline.length : byteSize(chosen), origin, inline };
}

function profilePhoto({ user, big }: ProfilePhoto): ResolvedFile {
  const photo = user.photo;
  if (photo?._ !== 'userProfilePhoto') throw new FileInputError(`user ${user.id} has no profile photo`);
  if (user.accessHash === undefined) throw new FileInputError(`user ${user.id} came without an access hash (a min user): fetch the full user first`);
  return {
    location: { _: 'inputPeerPhotoFileLocation', big, peer: { _: 'inputPeerUser', userId: user.id, accessHash: user.accessHash }, photoId: photo.photoId },
    dcId: photo.dcId,
  };
}

/** The largest downloadable size: by pixel area, then by bytes; inline ones only when nothing else is there. */
export function largest(sizes: readonly tl.TypePhotoSize[]): tl.TypePhotoSize | undefined {
  const fetchable = sizes.filter((s) => s._ === 'photoSize' || s._ === 'photoSizeProgressive');
  const pool = fetchable.length ? fetchable : sizes.filter((s) => s._ === 'photoCachedSize');
  let best: tl.TypePhotoSize | undefined;
  for (const s of pool) if (!best || area(s) > area(best) || (area(s) === area(best) && (byteSize(s) ?? 0) > (byteSize(best) ?? 0))) best = s;
  return best;
}

function area(s: tl.TypePhotoSize): number {
  return 'w' in s ? s.w * s.h : 0;
}

function byteSize(s: tl.TypePhotoSize): number | undefined {
  if (s._ === 'photoSize') return s.size;
  if (s._ === 'photoSizeProgressive') return s.sizes.length ? Math.max(...s.sizes) : undefined;
  return undefined;
}

function inlineBytes(s: tl.TypePhotoSize): Uint8Array | undefined {
  return s._ === 'photoCachedSize' || s._ === 'photoStrippedSize' || s._ === 'photoPathSize' ? s.bytes : undefined;
}

function describeSizes(sizes: readonly tl.TypePhotoSize[]): string {
  return sizes.length ? sizes.map((s) => `${s.type} (${s._})`).join(', ') : 'none';
}
