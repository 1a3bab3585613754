/**
 * Telegram's part rules, as pure functions.
 *
 * Upload: parts of a size dividing 512 KiB (a power of two from 1 KiB), all
 * of that size but the last; upload.saveFilePart below 10 MB (the file
 * described with an md5), upload.saveBigFilePart from 10 MB.
 *
 * Download (upload.getFile): offset and limit multiples of 4 KiB, limit
 * dividing 1 MiB, and no request crossing a 1 MiB boundary. Requests at an
 * offset aligned to their limit satisfy all three, so a download from an
 * unaligned offset climbs 4 KiB, 8 KiB, ... until it is aligned to the part size.
 */
import { FileInputError } from './errors.js';

export const KIB = 1024;
export const MIB = 1024 * KIB;
/** From this size on, a file is "big": saveBigFilePart and inputFileBig. */
export const BIG_FILE_FROM = 10 * MIB;
export const MAX_UPLOAD_PART = 512 * KIB;
/** 4000 parts for everyone, 8000 with Premium: the server says which with FILE_PARTS_INVALID. */
export const MAX_UPLOAD_PARTS = 8000;
export const DOWNLOAD_ALIGN = 4 * KIB;
export const MAX_DOWNLOAD_LIMIT = MIB;
/** CDN blocks: each 128 KiB has its own sha256 (upload.getCdnFileHashes). */
export const CDN_BLOCK = 128 * KIB;

export interface UploadPlan {
  partSize: number;
  /** Number of parts, or undefined while the size is unknown. */
  parts: number | undefined;
  big: boolean;
}

/** A valid part size: a power of two from 1 KiB to 512 KiB. */
export function isUploadPartSize(n: number): boolean {
  return Number.isInteger(n) && n >= KIB && n <= MAX_UPLOAD_PART && (n & (n - 1)) === 0;
}

/**
 * Part size by file size: about 16 parts for small files (so several
 * connections share them), 512 KiB from 8 MiB on (fewer round trips); unknown
 * size: 512 KiB. Then the part count and which method the file needs.
 */
export function uploadPlan(size: number | undefined, partSize?: number): UploadPlan {
  if (partSize !== undefined && !isUploadPartSize(partSize)) {
    throw new FileInputError(`partSize must be a power of two from 1 KiB to 512 KiB (it must divide 524288), got ${partSize}`);
  }
  if (size === undefined) return { partSize: partSize ?? MAX_UPLOAD_PART, parts: undefined, big: true };
  if (!Number.isSafeInteger(size) || size < 0) throw new FileInputError(`size must be a non-negative integer, got ${size}`);
  const chosen = partSize ?? Math.min(MAX_UPLOAD_PART, Math.max(32 * KIB, nextPowerOfTwo(Math.ceil(size / 16))));
  const parts = Math.max(1, Math.ceil(size / chosen));
  if (parts > MAX_UPLOAD_PARTS) {
    throw new FileInputError(`a file of ${size} bytes needs ${parts} parts of ${chosen} bytes; Telegram takes at most ${MAX_UPLOAD_PARTS} (4000 without Premium)`);
  }
  return { partSize: chosen, parts, big: size >= BIG_FILE_FROM };
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export interface ByteRange {
  offset: number;
  limit: number;
}

/** Whether upload.getFile accepts this offset and limit. */
export function isValidDownloadRange({ offset, limit }: ByteRange): boolean {
  return (
    offset >= 0 &&
    offset % DOWNLOAD_ALIGN === 0 &&
    limit > 0 &&
    limit % DOWNLOAD_ALIGN === 0 &&
    MAX_DOWNLOAD_LIMIT % limit === 0 &&
    Math.floor(offset / MIB) === Math.floor((offset + limit - 1) / MIB)
  );
}

/** The largest valid limit for a request at `offset` (4 KiB-aligned), up to `partSize`. */
export function downloadLimitAt(offset: number, partSize: number): number {
  let limit = partSize;
  while (offset % limit !== 0) limit /= 2;
  return limit;
}

/**
 * The getFile requests that cover [from, end): `from` rounded down to 4 KiB
 * (the caller drops the bytes before `from`), then aligned steps up to
 * `partSize` (a power of two from 4 KiB to 1 MiB). Without `end` (size
 * unknown), it goes on until the caller stops asking.
 */
export function* downloadRanges(from: number, end: number | undefined, partSize: number): Generator<ByteRange> {
  if (!Number.isInteger(partSize) || partSize < DOWNLOAD_ALIGN || partSize > MAX_DOWNLOAD_LIMIT || (partSize & (partSize - 1)) !== 0) {
    throw new FileInputError(`partSize must be a power of two from 4 KiB to 1 MiB, got ${partSize}`);
  }
  let offset = from - (from % DOWNLOAD_ALIGN);
  while (end === undefined || offset < end) {
    const limit = downloadLimitAt(offset, partSize);
    yield { offset, limit };
    offset += limit;
  }
}

/** Part size for downloads: 1 MiB, the most one request may ask (fewest round trips, bounded memory). */
export function downloadPartSize(size: number | undefined): number {
  if (size !== undefined && size <= 64 * KIB) return 64 * KIB;
  return MAX_DOWNLOAD_LIMIT;
}
