/** One file the world keeps: a document, or a photo with its sizes. */
import type { tl } from '../../schema/index.js';
import { sha256 } from '../../protocol/crypto/index.js';
import type { ChunkedBytes } from './chunked-bytes.js';

/** Telegram hashes files in 128 KiB pieces (upload.getFileHashes, CDN file_hashes). */
export const HASH_PIECE = 128 * 1024;

/**
 * One size of a photo. The emulator does not decode images: a smaller size
 * is a prefix of the uploaded bytes (deterministic, so a test can tell which
 * size it downloaded); the largest is all of them.
 */
export interface PhotoSizeSpec {
  type: string;
  w: number;
  h: number;
  length: number;
}

export interface StoredFileInit {
  id: bigint;
  accessHash: bigint;
  dcId: number;
  date: number;
  kind: 'document' | 'photo';
  content: ChunkedBytes;
  mimeType: string;
  attributes: tl.TypeDocumentAttribute[];
  /** Photos: smallest first, the last one is all the bytes. */
  sizes: PhotoSizeSpec[];
}

export class StoredFile {
  readonly id: bigint;
  readonly accessHash: bigint;
  readonly dcId: number;
  readonly date: number;
  readonly kind: 'document' | 'photo';
  readonly content: ChunkedBytes;
  readonly mimeType: string;
  readonly attributes: tl.TypeDocumentAttribute[];
  readonly sizes: PhotoSizeSpec[];
  /** SHA-256 of each 128 KiB piece, computed when first asked for. */
  private readonly hashes = new Map<number, Uint8Array>();

  constructor(init: StoredFileInit) {
    this.id = init.id;
    this.accessHash = init.accessHash;
    this.dcId = init.dcId;
    this.date = init.date;
    this.kind = init.kind;
    this.content = init.content;
    this.mimeType = init.mimeType;
    this.attributes = init.attributes;
    this.sizes = init.sizes;
  }

  get size(): number {
    return this.content.size;
  }

  /** How many bytes the size `thumbSize` has ('' for a document itself), or undefined when there is no such size. */
  lengthOf(thumbSize: string): number | undefined {
    if (this.kind === 'document') return thumbSize === '' ? this.size : undefined;
    return this.sizes.find((s) => s.type === thumbSize)?.length;
  }

  /** The largest photo size, or the document. */
  get largest(): PhotoSizeSpec | undefined {
    return this.sizes[this.sizes.length - 1];
  }

  /** Hashes of the 128 KiB pieces from the one holding `offset`, covering at most `span` bytes. */
  hashesFrom(offset: number, span = 1024 * 1024): tl.FileHash[] {
    const out: tl.FileHash[] = [];
    const first = Math.floor(Math.max(0, offset) / HASH_PIECE);
    for (let piece = first; piece < first + span / HASH_PIECE && piece * HASH_PIECE < this.size; piece++) {
      const start = piece * HASH_PIECE;
      const limit = Math.min(HASH_PIECE, this.size - start);
      let hash = this.hashes.get(piece);
      if (!hash) {
        hash = sha256(this.content.read(start, limit));
        this.hashes.set(piece, hash);
      }
      out.push({ _: 'fileHash', offset: BigInt(start), limit, hash });
    }
    return out;
  }
}
