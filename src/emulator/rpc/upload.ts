/**
 * upload.*: file parts in, file ranges out (core.telegram.org/api/files),
 * and the CDN pair (core.telegram.org/cdn): the master DC redirects and
 * hands out hashes, the CDN DC serves encrypted bytes without a login.
 */
import { encode, type tl } from '../../schema/index.js';
import type { StoredFile } from '../world/stored-file.js';
import { CDN_DC_ID } from '../world/cdn-files.js';
import { filesOf } from '../world/files.js';
import { loggedIn, RpcFailure, vectorOf, type CallContext } from './context.js';
import { checkRange, fileRules, locate, storageType } from './file-locations.js';

const BOOL_TRUE: tl.BoolTrue = { _: 'boolTrue' };
const EMPTY = new Uint8Array(0);

/** upload.saveFilePart: one part of a file under 10 MiB. */
export function saveFilePart(ctx: CallContext, req: tl.upload.SaveFilePartRequest): tl.BoolTrue {
  const me = loggedIn(ctx);
  fileRules(() => filesOf(ctx.world).uploads.save(me.id, ctx.dcId, req.fileId, req.filePart, req.bytes));
  return BOOL_TRUE;
}

/** upload.saveBigFilePart: one part of a file from 10 MiB, with the part count. */
export function saveBigFilePart(ctx: CallContext, req: tl.upload.SaveBigFilePartRequest): tl.BoolTrue {
  const me = loggedIn(ctx);
  fileRules(() => filesOf(ctx.world).uploads.save(me.id, ctx.dcId, req.fileId, req.filePart, req.bytes, req.fileTotalParts));
  return BOOL_TRUE;
}

/**
 * upload.getFile: a range of a document, a photo size or a profile photo;
 * past the end, empty bytes. With the CDN on, a document asked for with
 * cdn_supported answers a redirect instead.
 */
export function getFile(ctx: CallContext, req: tl.upload.GetFileRequest): tl.upload.TypeFile | Uint8Array {
  const { offset, limit } = checkRange(req.offset, req.limit, req.precise);
  const { file, length } = locate(ctx, req.location);
  const files = filesOf(ctx.world);
  if (req.cdnSupported && files.cdn.enabled && file.kind === 'document') return files.cdnFiles.redirect(file);
  files.references.answered();
  return encodedUploadFile(file, offset, limit, length);
}

/**
 * upload.file, encoded with its bytes read straight from the stored chunks
 * into the answer: a 1 MiB part is copied once, not read, then encoded into a
 * growing buffer, then copied out of it.
 */
function encodedUploadFile(file: StoredFile, offset: number, limit: number, length: number): Uint8Array {
  const n = file.content.lengthOf(offset, limit, length);
  // Everything before the bytes, then the 4 bytes an empty `bytes` takes (its length, 3 of padding) are replaced.
  const head = encode({ _: 'upload.file', type: storageType(file, offset, n, length), mtime: file.date, bytes: EMPTY });
  const at = head.length - 4;
  const prefix = n < 254 ? 1 : 4;
  const out = new Uint8Array(at + ((prefix + n + 3) & ~3));
  out.set(head.subarray(0, at));
  if (n < 254) out[at] = n;
  else out.set([254, n & 255, (n >> 8) & 255, n >> 16], at);
  file.content.readInto(out, at + prefix, offset, n);
  return out;
}

/** upload.getFileHashes: SHA-256 of the 128 KiB pieces from `offset` (1 MiB worth). */
export function getFileHashes(ctx: CallContext, req: tl.upload.GetFileHashesRequest): Uint8Array {
  const { file } = locate(ctx, req.location);
  return vectorOf(file.hashesFrom(offsetOf(req.offset)));
}

/** upload.getCdnFile, on the CDN DC only: encrypted bytes, or cdnFileReuploadNeeded. */
export function getCdnFile(ctx: CallContext, req: tl.upload.GetCdnFileRequest): tl.upload.TypeCdnFile {
  if (ctx.dcId !== CDN_DC_ID) throw new RpcFailure(400, 'METHOD_INVALID');
  const { offset, limit } = checkRange(req.offset, req.limit);
  return fileRules(() => filesOf(ctx.world).cdnFiles.serve(req.fileToken, offset, limit));
}

/** upload.reuploadCdnFile, on the master DC: puts the file (back) on the CDN; answers hashes. */
export function reuploadCdnFile(ctx: CallContext, req: tl.upload.ReuploadCdnFileRequest): Uint8Array {
  return vectorOf(fileRules(() => filesOf(ctx.world).cdnFiles.reupload(req.fileToken, req.requestToken)));
}

/** upload.getCdnFileHashes, on the master DC: the hashes to check CDN bytes against. */
export function getCdnFileHashes(ctx: CallContext, req: tl.upload.GetCdnFileHashesRequest): Uint8Array {
  return vectorOf(fileRules(() => filesOf(ctx.world).cdnFiles.hashes(req.fileToken, offsetOf(req.offset))));
}

function offsetOf(offset: bigint): number {
  if (typeof offset !== 'bigint' || offset < 0n || offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new RpcFailure(400, 'OFFSET_INVALID');
  return Number(offset);
}
