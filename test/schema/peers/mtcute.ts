/**
 * mtcute (`@mtcute/tl` 223.0.0 + `@mtcute/tl-runtime`) as a peer codec:
 * converts between our TL object shape and mtcute's plain objects, driven by
 * mtcute's own schema JSON (api-schema.json, mtp-schema.json).
 */
import { fieldName } from '../../../src/schema/compiler/names.js';
import { createRequire } from 'node:module';
import { TlBinaryReader, TlBinaryWriter } from '@mtcute/tl-runtime';

const require = createRequire(import.meta.url);
const { __tlReaderMap } = require('@mtcute/tl/binary/reader.js');
const { __tlWriterMap } = require('@mtcute/tl/binary/writer.js');
const apiSchema = require('@mtcute/tl/api-schema.json');
const mtpSchema = require('@mtcute/tl/mtp-schema.json');
// The long.js the runtime itself builds its Long values with.
const Long = createRequire(require.resolve('@mtcute/tl-runtime'))('long');

/** One argument as mtcute's schema JSON describes it. */
interface JsonArg {
  name: string;
  type: string;
  typeModifiers?: { predicate?: string; isVector?: boolean; isBareVector?: boolean };
}

interface JsonEntry {
  name: string;
  id: number;
  arguments: JsonArg[];
}

interface Field {
  /** Our camelCase key; mtcute uses the same one. */
  key: string;
  /** mtcute's type: `long` is long.js Long, `int53` is a number (ids). */
  type: string;
  vector: boolean;
}

interface Ctor {
  id: number;
  /** The schema name as written in the .tl file, which is our `_`. */
  name: string;
  /** mtcute's `_`: mtproto names carry an `mt_` prefix. */
  theirs: string;
  fields: Field[];
  keys: Set<string>;
  json: JsonEntry;
}

const byId = new Map<number, Ctor>();
const byName = new Map<string, Ctor>();
const byTheirName = new Map<string, Ctor>();

for (const e of [...(apiSchema.e as JsonEntry[]), ...(mtpSchema as JsonEntry[])]) {
  const fields = e.arguments
    .filter((a) => a.type !== '#') // flags words are computed by the writer
    .map((a) => ({
      key: fieldName(a.name),
      type: a.type,
      vector: Boolean(a.typeModifiers?.isVector || a.typeModifiers?.isBareVector),
    }));
  const name = e.name.replace(/^mt_/, '');
  const ctor: Ctor = { id: e.id >>> 0, name, theirs: e.name, fields, keys: new Set(fields.map((f) => f.key)), json: e };
  byId.set(ctor.id, ctor);
  byName.set(ctor.name, ctor);
  byTheirName.set(ctor.theirs, ctor);
}

/**
 * Ids in mtcute's schema (api + mtproto). Its reader map holds every class
 * but, of the functions, only the mtproto ones: see {@link mtcuteCanDecode}.
 * Its writer crashes on `future_salts` (a bare vector of bare objects).
 */
export function mtcuteIds(): Set<number> {
  return new Set(byId.keys());
}

/** Whether mtcute's reader can decode this id (api functions it cannot). */
export function mtcuteCanDecode(id: number): boolean {
  return id in __tlReaderMap;
}

/**
 * The layout mtcute has for a schema name, as normalized .tl argument types
 * (`flags:#`, `flags.3?Vector<long>`; its `int53` reported as `long`).
 */
export function mtcuteDescribe(name: string): { id: number; args: { key: string; tl: string }[] } | undefined {
  const c = byName.get(name);
  if (!c) return undefined;
  const args = c.json.arguments.map((a) => {
    const m = a.typeModifiers ?? {};
    const type = (a.type === 'int53' ? 'long' : a.type).replace(/^mt_/, '');
    const base = m.isVector ? `Vector<${type}>` : m.isBareVector ? `vector<${type}>` : type;
    return { key: fieldName(a.name), tl: m.predicate ? `${m.predicate}?${base}` : base };
  });
  return { id: c.id, args };
}

function toScalar(v: any, type: string): any {
  switch (type) {
    case 'long':
      return Long.fromBits(Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n)));
    case 'int53':
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new RangeError(`mtcute holds this long as a number; ${v} does not fit`);
      }
      return Number(v);
    default:
      // int, double, string, bytes, int128, int256, Bool, true: same representation.
      if (v !== null && typeof v === 'object' && '_' in v) return toMtcute(v);
      return v;
  }
}

/** An absent value we may drop when mtcute's layer lacks the field. */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === false || (Array.isArray(v) && v.length === 0);
}

/**
 * Builds mtcute's object for one of ours. The constructor is found by name;
 * our fields mtcute's layer lacks are dropped if empty, otherwise it throws.
 */
export function toMtcute(obj: any): any {
  const c = byName.get(obj._);
  if (!c) throw new Error(`mtcute has no constructor ${obj._}`);
  const out: Record<string, unknown> = { _: c.theirs };
  for (const f of c.fields) {
    const v = obj[f.key];
    if (v === undefined) continue;
    out[f.key] = f.vector ? (v as unknown[]).map((x) => toScalar(x, f.type)) : toScalar(v, f.type);
  }
  for (const key of Object.keys(obj)) {
    if (key !== '_' && !c.keys.has(key) && !isEmpty(obj[key])) throw new Error(`mtcute's ${obj._} has no field ${key}`);
  }
  return out;
}

function fromScalar(v: any, type: string): any {
  switch (type) {
    case 'long':
      return (BigInt(v.high) << 32n) | BigInt(v.low >>> 0);
    case 'int53':
      return BigInt(v);
    default:
      return fromMtcute(v);
  }
}

/** Converts mtcute's object (or a vector/bool it decoded) to our shape. */
export function fromMtcute(obj: any): any {
  if (Array.isArray(obj)) return obj.map(fromMtcute);
  if (obj === null || typeof obj !== 'object' || !('_' in obj)) return obj;
  const c = byTheirName.get(obj._);
  if (!c) throw new Error(`mtcute object ${obj._} is not in its schema`);
  const out: Record<string, unknown> = { _: c.name };
  for (const f of c.fields) {
    const v = obj[f.key];
    // mtcute's reader already emits booleans for true flags, undefined for absent fields.
    out[f.key] = v === undefined ? undefined : f.vector ? (v as unknown[]).map((x) => fromScalar(x, f.type)) : fromScalar(v, f.type);
  }
  return out;
}

/** mtcute's own writer on a prebuilt mtcute object (what the benchmark times). */
export function mtcuteEncodeNative(obj: any): Uint8Array {
  return TlBinaryWriter.serializeObject(__tlWriterMap, obj);
}

/** mtcute's own boxed-object reader; returns mtcute's object. */
export function mtcuteDecodeNative(bytes: Uint8Array): any {
  return TlBinaryReader.deserializeObject(__tlReaderMap, bytes);
}

export function mtcuteEncode(obj: any): Uint8Array {
  return mtcuteEncodeNative(toMtcute(obj));
}

/** Decodes one boxed object and requires that it spans all of `bytes`. */
export function mtcuteDecode(bytes: Uint8Array): any {
  const reader = new TlBinaryReader(__tlReaderMap, bytes);
  const obj = reader.object();
  if (reader.pos !== bytes.length) throw new Error(`mtcute decode left ${bytes.length - reader.pos} bytes`);
  return fromMtcute(obj);
}
