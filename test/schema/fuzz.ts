import { isDeepStrictEqual } from 'node:util';
import { decode, encode, TlDecodeError, type TlObject } from '../../src/schema/index.js';
import { allDefinitions, sample } from './samples.js';

export interface FuzzReport {
  tried: number;
  decoded: number;
  failures: { input: string; error: string }[];
  seconds: number;
}

/** xorshift32: a seeded generator, so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/**
 * Feeds `decode` random bytes and mutated valid encodings for `seconds`.
 * A failure is anything but a TlDecodeError, or a decoded object that does not
 * survive encode/decode again unchanged.
 */
export function fuzz(seconds: number, seed = 1): FuzzReport {
  const random = rng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const defs = allDefinitions();
  const ids = defs.map((d) => d.id);
  const corpus = defs.flatMap((d) => [encode(sample(d.name, 'full') as unknown as TlObject), encode(sample(d.name, 'minimal') as unknown as TlObject)]);
  const report: FuzzReport = { tried: 0, decoded: 0, failures: [], seconds };
  const deadline = performance.now() + seconds * 1000;

  const mutate = (b: Uint8Array): Uint8Array => {
    const out = Uint8Array.from(b);
    const view = new DataView(out.buffer);
    for (let k = 1 + int(4); k > 0 && out.length > 0; k--) {
      const at = int(out.length);
      switch (int(6)) {
        case 0: // flip a bit
          out[at] ^= 1 << int(8);
          break;
        case 1: // an interesting byte: length prefixes and sign edges
          out[at] = [0, 0xfe, 0xff, 0x7f, 0x80, 253, 254][int(7)];
          break;
        case 2: // another constructor id at an aligned offset (lengths stay multiples of 4 until a truncation or splice ends the mutation)
          if ((at & ~3) + 4 <= out.length) view.setUint32(at & ~3, ids[int(ids.length)], true);
          break;
        case 3: // a huge count or length
          if (at + 4 <= out.length) view.setUint32(at, [0xffffffff, 0x80000000, 0x7fffffff, 0x00ffffff][int(4)], true);
          break;
        case 4: // truncate
          return out.subarray(0, at);
        case 5: // splice in bytes of another valid encoding
          {
            const other = corpus[int(corpus.length)];
            const from = int(other.length);
            const piece = other.subarray(from, from + int(64));
            const joined = new Uint8Array(at + piece.length + (out.length - at));
            joined.set(out.subarray(0, at));
            joined.set(piece, at);
            joined.set(out.subarray(at), at + piece.length);
            return joined;
          }
      }
    }
    return out;
  };

  while (performance.now() < deadline) {
    for (let batch = 0; batch < 200; batch++) {
      const input = int(10) === 0 ? Uint8Array.from({ length: int(64) }, () => int(256)) : mutate(corpus[int(corpus.length)]);
      report.tried++;
      try {
        const obj = decode(input);
        report.decoded++;
        if (!isDeepStrictEqual(decode(encode(obj)), obj)) throw new Error('decoded object changed after encode/decode');
      } catch (e) {
        if (!(e instanceof TlDecodeError) && report.failures.length < 20) {
          report.failures.push({ input: Buffer.from(input).toString('hex'), error: String((e as Error)?.stack ?? e) });
        }
      }
    }
  }
  return report;
}
