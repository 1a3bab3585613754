import type { Frame, RandomBytes } from '../../../src/protocol/transport/index.js';

export const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
export const toHex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
export const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
export const le32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, n | 0, true);
  return b;
};

/** Deterministic bytes (xorshift32), so every run and every rebuilt codec draws the same. */
export function seededRandom(seed: number): RandomBytes {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

/** A payload whose bytes differ from frame to frame and whose first int32 is positive (not a server error code). */
export function payload(size: number, tag = 1): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + tag * 7) & 0xff;
  out[3] = 0x10 + (tag & 0x3f);
  return out;
}

export function payloadsOf(frames: Frame[]): Uint8Array[] {
  return frames.map((f) => {
    if (f.kind !== 'payload') throw new Error(`expected a payload frame, got ${f.kind}`);
    return f.payload;
  });
}

/** Cuts `bytes` at the given offsets. */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.slice(from, cut));
    from = cut;
  }
  return out;
}

export function randomCuts(length: number, count: number, random: RandomBytes): number[] {
  const r = random(count * 4);
  const cuts = new Set<number>();
  for (let i = 0; i < count; i++) cuts.add(new DataView(r.buffer).getUint32(i * 4) % length);
  return [...cuts].sort((a, b) => a - b);
}
