/**
 * The download rules upload.getFile, getFileHashes and getCdnFile share:
 * which stored file a location names (on which DC, with which reference) and
 * which byte ranges may be asked for (core.telegram.org/api/files).
 */
import type { tl } from '../../schema/index.js';
import { FileError } from '../world/file-error.js';
import { filesOf, type Files } from '../world/files.js';
import type { StoredFile } from '../world/stored-file.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';

const KIB = 1024;
const MIB = 1024 * 1024;

const fail = (message: string, code = 400) => new RpcFailure(code, message);

/** Runs a world call, answering its FileError as the rpc_error it names. */
export function fileRules<T>(call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof FileError) throw new RpcFailure(e.code, e.errorMessage);
    throw e;
  }
}

/**
 * Checks a range as Telegram does: offset and limit multiples of 4 KiB
 * (1 KiB with `precise`), 0 < limit <= 1 MiB, 1 MiB divisible by limit
 * (unless `precise`), and never across a 1 MiB boundary.
 */
export function checkRange(offset: bigint, limit: number, precise = false): { offset: number; limit: number } {
  const align = precise ? KIB : 4 * KIB;
  if (typeof offset !== 'bigint' || offset < 0n || offset > BigInt(Number.MAX_SAFE_INTEGER) || offset % BigInt(align) !== 0n) throw fail('OFFSET_INVALID');
  if (!Number.isInteger(limit) || limit <= 0 || limit > MIB || limit % align !== 0 || (!precise && MIB % limit !== 0)) throw fail('LIMIT_INVALID');
  const start = Number(offset);
  if (Math.floor(start / MIB) !== Math.floor((start + limit - 1) / MIB)) throw fail('LIMIT_INVALID');
  return { offset: start, limit };
}

/** A stored file and the length of the size asked for (a photo's thumb_size, a profile photo's big or small). */
export interface Located {
  file: StoredFile;
  length: number;
}

/**
 * The file a location names, checked in Telegram's order: the id and
 * access_hash (FILE_ID_INVALID), the size (LOCATION_INVALID), the DC
 * (303 FILE_MIGRATE_X), then the file reference (FILE_REFERENCE_*).
 */
export function locate(ctx: CallContext, location: tl.TypeInputFileLocation): Located {
  const files = filesOf(ctx.world);
  switch (location?._) {
    case 'inputDocumentFileLocation':
    case 'inputPhotoFileLocation': {
      const file = files.file(location.id);
      const kind = location._ === 'inputDocumentFileLocation' ? 'document' : 'photo';
      if (!file || file.kind !== kind || file.accessHash !== location.accessHash) throw fail('FILE_ID_INVALID');
      const length = file.lengthOf(location.thumbSize);
      if (length === undefined) throw fail('LOCATION_INVALID');
      checkDc(ctx, file);
      checkReference(files, file, location.fileReference);
      return { file, length };
    }
    case 'inputPeerPhotoFileLocation': {
      const owner = peerUserId(ctx, location.peer);
      const file = files.profilePhotosOf(owner).find((p) => p.id === location.photoId);
      if (!file) throw fail('LOCATION_INVALID');
      checkDc(ctx, file);
      const size = location.big ? file.largest : file.sizes[0];
      return { file, length: size!.length };
    }
    default:
      throw fail('LOCATION_INVALID');
  }
}

/** Answers FILE_REFERENCE_EMPTY / _INVALID / _EXPIRED for a reference that does not open `file` now. */
export function checkReference(files: Files, file: StoredFile, reference: Uint8Array): void {
  const check = files.references.check(file.id, reference);
  if (check === 'empty') throw fail('FILE_REFERENCE_EMPTY');
  if (check === 'invalid') throw fail('FILE_REFERENCE_INVALID');
  if (check === 'expired') throw fail('FILE_REFERENCE_EXPIRED');
}

/** A file is served only by the DC holding it; the others send the client there. */
function checkDc(ctx: CallContext, file: StoredFile): void {
  if (file.dcId !== ctx.dcId) throw fail(`FILE_MIGRATE_${file.dcId}`, 303);
}

/** The user an InputPeer names (profile photos are users' here), or PEER_ID_INVALID. */
function peerUserId(ctx: CallContext, peer: tl.TypeInputPeer): bigint {
  const me = loggedIn(ctx);
  if (peer._ === 'inputPeerSelf') return me.id;
  if (peer._ === 'inputPeerUser') {
    const target = ctx.world.accounts.get(peer.userId);
    if (target && (target.id === me.id || ctx.world.accessHashOk(me.id, target, peer.accessHash))) return target.id;
  }
  throw fail('PEER_ID_INVALID');
}

/** storage.FileType of an answer: the file's own type when it is whole, filePartial for a piece. */
export function storageType(file: StoredFile, offset: number, answered: number, length: number): tl.storage.TypeFileType {
  if (offset !== 0 || answered !== length) return { _: 'storage.filePartial' };
  return { _: STORAGE_TYPES[file.mimeType] ?? 'storage.fileUnknown' } as tl.storage.TypeFileType;
}

const STORAGE_TYPES: Record<string, tl.storage.TypeFileType['_']> = {
  'image/jpeg': 'storage.fileJpeg',
  'image/gif': 'storage.fileGif',
  'image/png': 'storage.filePng',
  'image/webp': 'storage.fileWebp',
  'application/pdf': 'storage.filePdf',
  'audio/mpeg': 'storage.fileMp3',
  'video/quicktime': 'storage.fileMov',
  'video/mp4': 'storage.fileMp4',
};
