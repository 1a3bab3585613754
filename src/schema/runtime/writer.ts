import { TlEncodeError } from './errors.js';

const MIN_LONG = -(1n << 63n);
const LIMIT_LONG = 1n << 64n;
const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;
const utf8 = new TextEncoder();

/**
 * Writes TL primitives little-endian into one growable buffer.
 * Schema-agnostic: generated encoders call these methods field by field.
 */
export class TlWriter {
  buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initialSize = 1024) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** The bytes written so far, copied out. */
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** A 32-bit int; accepts the signed and the unsigned range. */
  int(v: number): void {
    if ((v | 0) !== v && v >>> 0 !== v) throw new TlEncodeError(`expected a 32-bit integer, got ${describe(v)}`);
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  /** A constructor id or flags word (trusted: comes from generated code). */
  uint(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  /** A 64-bit long; accepts the signed and the unsigned range. */
  long(v: bigint): void {
    if (typeof v !== 'bigint' || v < MIN_LONG || v >= LIMIT_LONG) {
      throw new TlEncodeError(`expected a 64-bit bigint, got ${describe(v)}`);
    }
    this.ensure(8);
    this.view.setBigInt64(this.pos, v, true);
    this.pos += 8;
  }

  double(v: number): void {
    if (typeof v !== 'number') throw new TlEncodeError(`expected a number, got ${describe(v)}`);
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  bool(v: boolean): void {
    this.uint(v ? BOOL_TRUE : BOOL_FALSE);
  }

  /** Exactly `size` raw bytes (int128, int256). */
  fixed(v: Uint8Array, size: number): void {
    if (!(v instanceof Uint8Array) || v.length !== size) {
      throw new TlEncodeError(`expected a Uint8Array of ${size} bytes, got ${describe(v)}`);
    }
    this.ensure(size);
    this.buf.set(v, this.pos);
    this.pos += size;
  }

  /** Raw bytes with no length prefix. */
  raw(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  bytes(v: Uint8Array): void {
    if (!(v instanceof Uint8Array)) throw new TlEncodeError(`expected a Uint8Array, got ${describe(v)}`);
    const n = v.length;
    this.ensure(n + 7);
    const start = this.header(n);
    this.buf.set(v, start);
    this.pad(start + n);
  }

  string(v: string): void {
    if (typeof v !== 'string') throw new TlEncodeError(`expected a string, got ${describe(v)}`);
    const len = v.length;
    this.ensure(len * 3 + 7);
    const buf = this.buf;
    // Short strings fit a 1-byte length whatever their UTF-8 size: write in place.
    // Longer ones are written after a 4-byte slot and moved back if they came out short.
    const start = this.pos + (len < 85 ? 1 : 4);
    let p = start;
    let i = 0;
    for (; i < len; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) break;
      buf[p++] = c;
    }
    if (i < len) p += utf8.encodeInto(v.slice(i), buf.subarray(p)).written;
    const n = p - start;
    if (len < 85) {
      buf[this.pos] = n;
    } else if (n < 254) {
      buf.copyWithin(this.pos + 1, start, p);
      buf[this.pos] = n;
      p -= 3;
    } else if (n <= 0xffffff) {
      this.view.setUint32(this.pos, (n << 8) | 0xfe, true);
    } else {
      throw new TlEncodeError(`a string of ${n} bytes exceeds the TL limit of 16 MiB`);
    }
    this.pad(p);
  }

  /** Writes the TL length prefix of `n` bytes and returns where the data starts. */
  private header(n: number): number {
    if (n < 254) {
      this.buf[this.pos] = n;
      return this.pos + 1;
    }
    if (n > 0xffffff) throw new TlEncodeError(`bytes of length ${n} exceed the TL limit of 16 MiB`);
    this.view.setUint32(this.pos, (n << 8) | 0xfe, true);
    return this.pos + 4;
  }

  /** Zero-pads from `end` to a 4-byte boundary and moves there. */
  private pad(end: number): void {
    while (end & 3) this.buf[end++] = 0;
    this.pos = end;
  }
}

export function describe(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'bigint') return `bigint ${v}`;
  if (typeof v === 'number') return `number ${v}`;
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'object' && typeof (v as { _?: unknown })._ === 'string') return `{ _: '${(v as { _: string })._}' }`;
  return typeof v;
}
