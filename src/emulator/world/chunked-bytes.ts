/**
 * A file's bytes kept as the parts they arrived in, every part but the last
 * the same size: a 1 GB upload is never copied into one buffer, and a range
 * is found by division.
 */
export class ChunkedBytes {
  readonly size: number;

  constructor(
    readonly chunks: readonly Uint8Array[],
    /** The size of every chunk but the last. */
    readonly chunkSize: number,
  ) {
    let size = 0;
    for (const c of chunks) size += c.length;
    this.size = size;
  }

  /** A copy of `bytes`, cut into 512 KiB chunks. */
  static of(bytes: Uint8Array, chunkSize = 512 * 1024): ChunkedBytes {
    const copy = Uint8Array.from(bytes);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < copy.length; at += chunkSize) chunks.push(copy.subarray(at, at + chunkSize));
    return new ChunkedBytes(chunks, chunkSize);
  }

  /** Bytes [offset, offset + length), cut short at `end` (default: the end of the file). */
  read(offset: number, length: number, end = this.size): Uint8Array {
    const stop = Math.min(offset + length, end, this.size);
    if (offset >= stop) return new Uint8Array(0);
    const out = new Uint8Array(stop - offset);
    let index = Math.floor(offset / this.chunkSize);
    let inChunk = offset - index * this.chunkSize;
    let written = 0;
    while (written < out.length) {
      const piece = this.chunks[index].subarray(inChunk, inChunk + out.length - written);
      out.set(piece, written);
      written += piece.length;
      index++;
      inChunk = 0;
    }
    return out;
  }

  /** All the bytes, in one copy. */
  all(): Uint8Array {
    return this.read(0, this.size);
  }
}
