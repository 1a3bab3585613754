import { gunzipSync } from 'node:zlib';
import { TlDecodeError } from './errors.js';

const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;
const VECTOR = 0x1cb5c415;
/** gzip_packed may not inflate beyond this: a bomb becomes an error, not an allocation. */
export const MAX_INFLATED = 64 * 1024 * 1024;
/** Buffer's native UTF-8 slice: the fastest string decoder node has (invalid sequences become U+FFFD). */
type NodeText = Buffer & { utf8Slice(start: number, end: number): string };

/** `bytes` values at least this long are views of the input, not copies (see `bytes`). */
export const BYTES_VIEW_FROM = 64 * 1024;
/** Strings up to this many bytes try the JS ASCII path first (it loses to the native slice past ~20). */
const SHORT_STRING = 16;
const fromCharCode = String.fromCharCode;

/** `buf[start..end)` as a string if it is all ASCII, else undefined; eight bytes per step, then four, then one. */
function shortAscii(buf: Uint8Array, start: number, end: number): string | undefined {
  let s = '';
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const c0 = buf[i], c1 = buf[i + 1], c2 = buf[i + 2], c3 = buf[i + 3];
    const c4 = buf[i + 4], c5 = buf[i + 5], c6 = buf[i + 6], c7 = buf[i + 7];
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) return undefined;
    s += fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7);
  }
  if (i + 4 <= end) {
    const c0 = buf[i], c1 = buf[i + 1], c2 = buf[i + 2], c3 = buf[i + 3];
    if ((c0 | c1 | c2 | c3) >= 0x80) return undefined;
    s += fromCharCode(c0, c1, c2, c3);
    i += 4;
  }
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 0x80) return undefined;
    s += fromCharCode(c);
  }
  return s;
}

/**
 * Reads TL primitives little-endian from one buffer, bounds-checked:
 * every read past the end is a TlDecodeError naming the offset.
 */
export class TlReader {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  /** A Buffer over `buf` for node's UTF-8 slice, made on the first long string (many readers read none). */
  private textView: NodeText | undefined;
  pos: number;
  /** Added to `pos` in error offsets: nonzero inside a gzip_packed payload. */
  readonly base: number;

  constructor(buf: Uint8Array, pos = 0, base = 0) {
    // A Buffer's slice() is a view, not a copy: read through a plain Uint8Array so decoded bytes own their memory.
    this.buf = buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = pos;
    this.base = base;
  }

  private text(): NodeText {
    return (this.textView ??= Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength) as NodeText);
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  error(message: string, constructorId?: number, at = this.pos): TlDecodeError {
    return new TlDecodeError(message, this.base + at, constructorId);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) {
      throw this.error(`unexpected end of data: needed ${n} bytes, ${this.buf.length - this.pos} left`);
    }
  }

  int(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  uint(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  long(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  bool(): boolean {
    const id = this.uint();
    if (id === BOOL_TRUE) return true;
    if (id === BOOL_FALSE) return false;
    throw this.error('expected Bool (boolTrue or boolFalse)', id, this.pos - 4);
  }

  /** Exactly `size` raw bytes (int128, int256), copied. */
  fixed(size: number): Uint8Array {
    this.need(size);
    const v = this.buf.slice(this.pos, this.pos + size);
    this.pos += size;
    return v;
  }

  /** The data of a TL bytes/string field, as a view; `pos` moves past its padding. */
  private span(): number {
    this.need(1);
    const at = this.pos;
    let n = this.buf[at];
    let start = at + 1;
    if (n === 254) {
      this.need(4);
      n = this.buf[at + 1] | (this.buf[at + 2] << 8) | (this.buf[at + 3] << 16);
      start = at + 4;
    } else if (n === 255) {
      throw this.error('invalid length prefix 0xff');
    }
    const end = start + n;
    const padded = (end + 3) & ~3;
    if (padded > this.buf.length) {
      throw this.error(`length ${n} points past the end of data`, undefined, at);
    }
    this.pos = padded;
    this.spanStart = start;
    return n;
  }

  private spanStart = 0;

  /**
   * A copy, so that a small value kept (a file reference, an access hash's
   * bytes) does not hold its whole frame in memory; from BYTES_VIEW_FROM a
   * view, since such a value (a file part) is most of its frame anyway, and a
   * copy of 1 MiB per part is what a download would otherwise pay.
   */
  bytes(): Uint8Array {
    const n = this.span();
    if (n >= BYTES_VIEW_FROM) return this.buf.subarray(this.spanStart, this.spanStart + n);
    return this.buf.slice(this.spanStart, this.spanStart + n);
  }

  string(): string {
    const n = this.span();
    const start = this.spanStart;
    // A native call costs ~40 ns whatever the length: short ASCII strings are cheaper in JS.
    if (n <= SHORT_STRING) {
      const s = shortAscii(this.buf, start, start + n);
      if (s !== undefined) return s;
    }
    return this.text().utf8Slice(start, start + n);
  }

  /** The element count of a boxed vector, checked against what is left. */
  vector(): number {
    const id = this.uint();
    if (id !== VECTOR) throw this.error('expected a vector', id, this.pos - 4);
    return this.count();
  }

  /** The element count of a bare vector: every element takes at least 4 bytes. */
  count(): number {
    const at = this.pos;
    const n = this.int();
    if (n < 0 || n * 4 > this.buf.length - this.pos) {
      throw this.error(`vector count ${n} cannot fit in the ${this.buf.length - this.pos} bytes left`, undefined, at);
    }
    return n;
  }

  /** Inflates a gzip_packed payload (its id already read) into a reader of its own. */
  gzipped(): TlReader {
    const at = this.pos - 4;
    const packed = this.bytes();
    let data: Uint8Array;
    try {
      data = gunzipSync(packed, { maxOutputLength: MAX_INFLATED });
    } catch (e) {
      throw this.error(`gzip_packed does not inflate: ${(e as Error).message}`, 0x3072cfa1, at);
    }
    return new TlReader(data, 0, this.base + at);
  }
}
