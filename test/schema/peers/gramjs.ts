/**
 * GramJS (`telegram`, TL layer 198) as a peer codec: converts between our TL
 * object shape and GramJS TLObjects, driven only by GramJS's own schema
 * metadata (its bundled .tl text, parsed by its own `parseTl`), so no
 * constructor is hand-written here.
 */
import { fieldName } from '../../../src/schema/compiler/names.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// GramJS is CommonJS and untyped at this depth; its internals are reached
// through require() and treated as `any`.
const { tlobjects } = require('telegram/tl/AllTLObjects');
const { parseTl, fromLine, findAll } = require('telegram/tl/generationHelpers');
const { readBigIntFromBuffer, toSignedLittleBuffer } = require('telegram/Helpers');
const { BinaryReader } = require('telegram/extensions/BinaryReader');
const apiTl: string = require('telegram/tl/apiTl.js');
const schemaTl: string = require('telegram/tl/schemaTl.js');
// The big-integer copy GramJS itself uses for `long`.
const bigInt = createRequire(require.resolve('telegram'))('big-integer');

/** GramJS's per-argument description (from `buildArgConfig`). */
interface ArgConfig {
  isVector: boolean;
  isFlag: boolean;
  flagName: string | null;
  flagIndex: number;
  flagIndicator: boolean;
  type: string | null;
  useVectorId: boolean | null;
}

interface Field {
  /** Our camelCase key. */
  ours: string;
  /** GramJS's property name. */
  theirs: string;
  arg: ArgConfig;
}

interface Ctor {
  id: number;
  /** The schema name as written in the .tl file, which is our `_`. */
  name: string;
  cls: any;
  fields: Field[];
}

const byId = new Map<number, Ctor>();
const byName = new Map<string, Ctor>();

// GramJS keeps each class's argsConfig in a closure, so re-run its own parser
// for the configs, and scan the same lines for the original .tl names (its
// property names are not reversible: `srp_B` stays `srp_B`, `peer_id` becomes
// `peerId`).
for (const text of [apiTl, schemaTl]) {
  const configs = new Map<number, Record<string, ArgConfig>>();
  for (const c of parseTl(text, 109)) configs.set(c.constructorId >>> 0, c.argsConfig);
  let isFunction = false;
  for (let line of text.split('\n')) {
    line = line.replace(/\/\/.*/, '').trim();
    if (!line) continue;
    const section = line.match(/---(\w+)---/);
    if (section) {
      isFunction = section[1] === 'functions';
      continue;
    }
    let id: number;
    try {
      id = fromLine(line, isFunction).constructorId >>> 0;
    } catch {
      continue; // `vector {t:Type} # [ t ] = Vector t;`
    }
    const argsConfig = configs.get(id);
    const cls = tlobjects[id];
    if (!argsConfig || !cls) continue; // core types GramJS parses by hand
    const rawNames = (findAll(/({)?(\w+):([\w\d<>#.?!]+)}?/, line) as string[][])
      .filter(([brace]) => brace === undefined)
      .map(([, name]) => name);
    const keys = Object.keys(argsConfig);
    if (keys.length !== rawNames.length) throw new Error(`gramjs: cannot align arguments of ${line}`);
    const fields = keys.map((theirs, i) => ({ ours: fieldName(rawNames[i]), theirs, arg: argsConfig[theirs] }));
    const ctor: Ctor = { id, name: line.match(/^[\w.]+/)![0], cls, fields };
    byId.set(id, ctor);
    byName.set(ctor.name, ctor);
  }
}

/**
 * Constructor and function ids in GramJS's schema (api + mtproto). It writes
 * the items of a bare `vector<future_salt>` boxed, so `future_salts` does not
 * round-trip; bool, vector and gzip it handles by hand and are not listed.
 */
export function gramjsIds(): Set<number> {
  return new Set(byId.keys());
}

/**
 * The layout GramJS has for a schema name, as normalized .tl argument types
 * (`flags:#`, `flags.3?Vector<long>`), keyed by our field names.
 */
export function gramjsDescribe(name: string): { id: number; args: { key: string; tl: string }[] } | undefined {
  const c = byName.get(name);
  if (!c) return undefined;
  const args = c.fields.map(({ ours, arg }) => {
    if (arg.flagIndicator) return { key: ours, tl: '#' };
    const base = arg.isVector ? `${arg.useVectorId ? 'Vector' : 'vector'}<${arg.type}>` : arg.type!;
    return { key: ours, tl: arg.isFlag ? `${arg.flagName}.${arg.flagIndex}?${base}` : base };
  });
  return { id: c.id, args };
}

/** An absent value we may drop when GramJS's layer lacks the field. */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === false || (Array.isArray(v) && v.length === 0);
}

function bytesToBuffer(v: Uint8Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function toValue(v: any, arg: ArgConfig): any {
  if (v === undefined || v === null) return undefined;
  if (arg.isVector) return (v as unknown[]).map((x) => toScalar(x, arg.type!));
  return toScalar(v, arg.type!);
}

function toScalar(v: any, type: string): any {
  switch (type) {
    case 'long':
      return bigInt(v);
    case 'int128':
    case 'int256':
      // GramJS holds these as signed little-endian big integers.
      return readBigIntFromBuffer(bytesToBuffer(v), true, true);
    case 'bytes':
    case 'string':
      // GramJS's serializeBytes takes a Buffer or a string for both.
      return v instanceof Uint8Array ? bytesToBuffer(v) : v;
    default:
      if (v !== null && typeof v === 'object' && '_' in v) return toGramJs(v);
      return v; // int, double, Bool, true
  }
}

/**
 * Builds the GramJS TLObject for one of our objects. The constructor is
 * found by name, so a layer-224 object maps onto GramJS's layer-198 version:
 * our fields GramJS lacks are dropped if empty, otherwise it throws.
 */
export function toGramJs(obj: any): any {
  const c = byName.get(obj._);
  if (!c) throw new Error(`gramjs has no constructor ${obj._}`);
  const args: Record<string, unknown> = {};
  const known = new Set<string>(['_']);
  for (const f of c.fields) {
    known.add(f.ours);
    if (!f.arg.flagIndicator) args[f.theirs] = toValue(obj[f.ours], f.arg);
  }
  for (const key of Object.keys(obj)) {
    if (!known.has(key) && !isEmpty(obj[key])) throw new Error(`gramjs's ${obj._} has no field ${key}`);
  }
  const tl = new c.cls(args);
  // The constructor fills a falsy randomId with a random one; keep ours.
  if ('randomId' in args) tl.randomId = args.randomId;
  return tl;
}

function fromValue(v: any, arg: ArgConfig): any {
  if (arg.type === 'true') return Boolean(v);
  if (v === undefined || v === null) return undefined; // GramJS reads absent flags as null
  if (arg.isVector) return (v as unknown[]).map((x) => fromScalar(x, arg.type!));
  return fromScalar(v, arg.type!);
}

function fromScalar(v: any, type: string): any {
  switch (type) {
    case 'long':
      return BigInt(v.toString());
    case 'int128':
      return new Uint8Array(toSignedLittleBuffer(v, 16));
    case 'int256':
      return new Uint8Array(toSignedLittleBuffer(v, 32));
    case 'bytes':
      // A plain Uint8Array copy: deep-equal then compares against ours.
      return new Uint8Array(v);
    default:
      return fromGramJs(v);
  }
}

/** Converts a GramJS TLObject (or a vector/bool GramJS decoded) to our shape. */
export function fromGramJs(tl: any): any {
  if (Array.isArray(tl)) return tl.map(fromGramJs);
  if (tl === null || typeof tl !== 'object' || !('CONSTRUCTOR_ID' in tl)) return tl;
  const c = byId.get(tl.CONSTRUCTOR_ID >>> 0);
  if (!c) throw new Error(`gramjs object ${tl.className} is not in its schema`);
  const out: Record<string, unknown> = { _: c.name };
  for (const f of c.fields) {
    if (!f.arg.flagIndicator) out[f.ours] = fromValue(tl[f.theirs], f.arg);
  }
  return out;
}

function asUint8Array(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** GramJS's own serializer on a prebuilt TLObject (what the benchmark times). */
export function gramjsEncodeNative(tl: any): Buffer {
  return tl.getBytes();
}

/** GramJS's own boxed-object reader; returns a TLObject. */
export function gramjsDecodeNative(bytes: Uint8Array): any {
  return new BinaryReader(bytesToBuffer(bytes)).tgReadObject();
}

export function gramjsEncode(obj: any): Uint8Array {
  return asUint8Array(gramjsEncodeNative(toGramJs(obj)));
}

/** Decodes one boxed object and requires that it spans all of `bytes`. */
export function gramjsDecode(bytes: Uint8Array): any {
  const reader = new BinaryReader(bytesToBuffer(bytes));
  const tl = reader.tgReadObject();
  if (reader.tellPosition() !== bytes.length) {
    throw new Error(`gramjs decode left ${bytes.length - reader.tellPosition()} bytes`);
  }
  return fromGramJs(tl);
}
