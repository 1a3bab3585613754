import type { Frame, Framing } from './framing.js';

/**
 * Buffers a byte stream split anyhow and hands back whole frames, in order.
 * A frame that lies inside one pushed chunk comes back as a view of it (no copy);
 * one spread over chunks is gathered once into a buffer of its exact size, which
 * is allocated only after the header has passed the framing's size checks.
 * `push` takes ownership: do not change a chunk after pushing it.
 */
export class FrameReader implements Iterable<Frame> {
  private readonly chunks: Uint8Array[] = [];
  /** Read position in `chunks[0]`. */
  private offset = 0;
  /** The frame being gathered across chunks, and how much of it is in. */
  private partial: Uint8Array | undefined;
  private filled = 0;
  private failure: unknown;

  constructor(private readonly framing: Framing) {}

  push(chunk: Uint8Array): this {
    if (this.failure !== undefined) throw this.failure;
    if (chunk.length > 0) this.chunks.push(chunk);
    return this;
  }

  /** The next complete frame, or undefined until more bytes arrive. A TransportError is final: it is thrown again on every later call. */
  read(): Frame | undefined {
    if (this.failure !== undefined) throw this.failure;
    try {
      return this.next();
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  /** Drains the frames complete so far: `for (const frame of reader.push(chunk))`. */
  *[Symbol.iterator](): Iterator<Frame> {
    for (let frame = this.read(); frame; frame = this.read()) yield frame;
  }

  private next(): Frame | undefined {
    for (;;) {
      if (this.partial) {
        if (!this.gather()) return undefined;
        const unpacked = this.framing.unpack(this.partial);
        if ('frame' in unpacked) {
          const rest = this.partial.subarray(unpacked.size);
          this.partial = undefined;
          if (rest.length > 0) this.chunks.unshift(rest); // never happens with exact sizes; kept for safety
          return unpacked.frame;
        }
        const grown = new Uint8Array(unpacked.need); // the header is whole now and has passed its checks
        grown.set(this.partial);
        this.partial = grown;
        continue;
      }
      const chunk = this.chunks[0];
      if (!chunk) return undefined;
      const view = this.offset === 0 ? chunk : chunk.subarray(this.offset);
      const unpacked = this.framing.unpack(view);
      if ('frame' in unpacked) {
        this.offset += unpacked.size;
        if (this.offset === chunk.length) this.drop();
        return unpacked.frame;
      }
      this.partial = new Uint8Array(unpacked.need);
      this.partial.set(view);
      this.filled = view.length;
      this.drop();
    }
  }

  /** Copies queued bytes into `partial`; true once it is full. */
  private gather(): boolean {
    const partial = this.partial!;
    while (this.filled < partial.length) {
      const chunk = this.chunks[0];
      if (!chunk) return false;
      const take = Math.min(partial.length - this.filled, chunk.length - this.offset);
      partial.set(chunk.subarray(this.offset, this.offset + take), this.filled);
      this.filled += take;
      this.offset += take;
      if (this.offset === chunk.length) this.drop();
    }
    return true;
  }

  private drop(): void {
    this.chunks.shift();
    this.offset = 0;
  }
}
