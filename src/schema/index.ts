/** `layer/schema`: the TL language — codecs for every Layer 224 definition, and the generated types. */
import { TlReader } from './runtime/reader.js';
import { TlWriter } from './runtime/writer.js';
import { TlDecodeError, TlEncodeError } from './runtime/errors.js';
import { ENCODERS, GENERIC_FUNCTIONS, RESULTS, TYPE_NAMES, readObject, wo } from './generated/codecs.js';
import { explainEncodeError } from './explain.js';
import type { tl } from './generated/types.js';

export { TlReader, TlWriter, TlDecodeError, TlEncodeError };
export { tl } from './generated/types.js';
export { LAYER } from './generated/meta.js';
export { crc32 } from './crc32.js';

/** Any constructor or function of api.tl or mtproto.tl. */
export type TlObject = tl.AnyObject | tl.AnyRequest;

const ANYTHING = -2;
const SHARED_LIMIT = 1 << 20;
let shared = new TlWriter(1 << 16);
let sharedBusy = false;

/** Boxed TL bytes of any constructor or function: constructor id first. */
export function encode(obj: TlObject): Uint8Array {
  const w = sharedBusy ? new TlWriter() : shared;
  const own = w === shared;
  if (own) sharedBusy = true;
  w.reset();
  try {
    wo(w, obj, ANYTHING);
    return w.result();
  } catch (e) {
    throw explainEncodeError(obj, e);
  } finally {
    if (own) {
      sharedBusy = false;
      if (w.buf.length > SHARED_LIMIT) shared = new TlWriter(1 << 16);
    }
  }
}

/** Writes `obj` boxed into a writer the caller owns (several objects into one buffer). */
export function writeObject(w: TlWriter, obj: TlObject): void {
  const start = w.pos;
  try {
    wo(w, obj, ANYTHING);
  } catch (e) {
    w.pos = start;
    throw explainEncodeError(obj, e);
  }
}

/**
 * Decodes one boxed object (any constructor or function, gzip_packed unwrapped).
 * Trailing bytes are an error: a frame holds exactly one object. `bytes`
 * fields of 64 KiB and more (file parts) are views of `bytes`, not copies:
 * change the input afterwards and they change too.
 */
export function decode(bytes: Uint8Array): TlObject {
  const r = new TlReader(bytes);
  const obj = readObject(r);
  if (r.pos !== bytes.length) throw r.error(`${bytes.length - r.pos} bytes left after the object`);
  return obj;
}

/** Reads one boxed object from a reader the caller owns. */
export { readObject };

/**
 * Reads the result of `request` as an rpc_result carries it. Needed because
 * `Vector<long>` and friends are not self-describing; generic wrappers
 * (`invokeWithLayer` and the like) are followed to their query.
 */
export function readResult<R extends tl.AnyRequest>(request: R, r: TlReader): tl.ResultOf<R> {
  let req: { _: string; query?: unknown } = request;
  while (GENERIC_FUNCTIONS.has(req._)) req = req.query as typeof req;
  const reader = req && RESULTS.get(req._);
  if (!reader) throw new TlEncodeError(`not a TL function: ${JSON.stringify(req?._)}`);
  return reader(r);
}

/** `readResult` over a whole buffer. */
export function decodeResult<R extends tl.AnyRequest>(request: R, bytes: Uint8Array): tl.ResultOf<R> {
  const r = new TlReader(bytes);
  const v = readResult<R>(request, r);
  if (r.pos !== bytes.length) throw r.error(`${bytes.length - r.pos} bytes left after the result`);
  return v;
}

/** The abstract type a constructor belongs to (`updateShort` -> `Updates`); undefined for functions and unknown names. */
export function typeOf(name: string): string | undefined {
  const entry = ENCODERS.get(name);
  return entry && entry.t >= 0 ? TYPE_NAMES[entry.t] : undefined;
}

/** The call inside generic wrappers (`invokeWithLayer(initConnection(x))` -> `x`'s name): what errors and retries talk about. */
export function methodOf(request: { _: string; query?: unknown }): string {
  let r = request;
  while (GENERIC_FUNCTIONS.has(r._) && typeof r.query === 'object' && r.query !== null) r = r.query as typeof r;
  return r._;
}
