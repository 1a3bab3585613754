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
    const out = new Uint8Array(this.lengthOf(offset, length, end));
    this.readInto(out, 0, offset, out.length);
    return out;
  }

  /** How many bytes `read` answers. */
  lengthOf(offset: number, length: number, end = this.size): number {
    return Math.max(0, Math.min(offset + length, end, this.size) - offset);
  }

  /** Copies `length` bytes from `offset` (a range `lengthOf` allows) into `out` at `at`: an answer is filled without a copy in between. */
  readInto(out: Uint8Array, at: number, offset: number, length: number): void {
    let index = Math.floor(offset / this.chunkSize);
    let inChunk = offset - index * this.chunkSize;
    let written = 0;
    while (written < length) {
      const piece = this.chunks[index].subarray(inChunk, inChunk + length - written);
      out.set(piece, at + written);
      written += piece.length;
      index++;
      inChunk = 0;
    }
  }

  /** All the bytes, in one copy. */
  all(): Uint8Array {
    return this.read(0, this.size);
  }
}
