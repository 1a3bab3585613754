/**
 * TL codec benchmark: layer against GramJS and mtcute on one
 * `messages.messages` (100 messages, 20 users, 5 channels).
 *
 * Each library works on its own representation, built before timing:
 * encode times only the serializer, decode times each library reading its own
 * encoding. mtcute's layer 223 has our ids for every constructor used, so its
 * bytes must equal ours. GramJS's layer 198 has other ids for
 * `messages.messages`, `message`, `user` and `channel`; `toGramJs` maps the
 * same content onto its constructors of the same name (its
 * `messages.messages` has no `topics`, which is empty here and dropped), so
 * GramJS encodes the same content in its own layout, a few bytes shorter.
 */
import { decode, encode } from '../src/schema/index.js';
import { gramjsDecodeNative, gramjsEncodeNative, toGramJs } from '../test/schema/peers/gramjs.js';
import { mtcuteDecodeNative, mtcuteEncodeNative, toMtcute } from '../test/schema/peers/mtcute.js';
import { sampleMessages } from './fixtures.js';
import { type BenchRow, measure } from './harness.js';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function benchTl(): Promise<BenchRow[]> {
  // The fixture is built untyped; cast it to whatever encode() takes.
  const ours = sampleMessages() as unknown as Parameters<typeof encode>[0];
  const gramjs = toGramJs(ours);
  const mtcute = toMtcute(ours);

  const layerBytes = encode(ours);
  const gramjsBytes = gramjsEncodeNative(gramjs);
  const mtcuteBytes = mtcuteEncodeNative(mtcute);
  if (!sameBytes(layerBytes, mtcuteBytes)) {
    console.warn('warning: layer and mtcute encode the messages.messages fixture differently');
  }

  const size = (b: Uint8Array) => `${b.length.toLocaleString('en-US')} bytes`;
  const encodeCase = 'encode messages.messages';
  const decodeCase = 'decode messages.messages';
  return [
    { library: 'layer', case: encodeCase, opsPerSec: measure(() => encode(ours)), note: size(layerBytes) },
    { library: 'GramJS', case: encodeCase, opsPerSec: measure(() => gramjsEncodeNative(gramjs)), note: size(gramjsBytes) },
    { library: 'mtcute', case: encodeCase, opsPerSec: measure(() => mtcuteEncodeNative(mtcute)), note: size(mtcuteBytes) },
    { library: 'layer', case: decodeCase, opsPerSec: measure(() => decode(layerBytes)) },
    { library: 'GramJS', case: decodeCase, opsPerSec: measure(() => gramjsDecodeNative(gramjsBytes)) },
    { library: 'mtcute', case: decodeCase, opsPerSec: measure(() => mtcuteDecodeNative(mtcuteBytes)) },
  ];
}
