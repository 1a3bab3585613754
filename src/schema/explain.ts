import type { TlType } from './compiler/ast.js';
import { fieldName } from './compiler/names.js';
import { schemaIndex, type SchemaIndex } from './definitions.js';
import { TlEncodeError } from './runtime/errors.js';
import { describe } from './runtime/writer.js';

const LIMITS: Record<string, (v: unknown) => boolean> = {
  int: (v) => typeof v === 'number' && ((v | 0) === v || v >>> 0 === v),
  long: (v) => typeof v === 'bigint' && v >= -(1n << 63n) && v < 1n << 64n,
  double: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  bytes: (v) => v instanceof Uint8Array,
  int128: (v) => v instanceof Uint8Array && v.length === 16,
  int256: (v) => v instanceof Uint8Array && v.length === 32,
  Bool: (v) => typeof v === 'boolean',
};

/**
 * The slow path of a failed `encode`: walks the object against the schema and
 * names the first field that does not fit, as `messages.messages.users[3].id`.
 * Falls back to the encoder's own error when the walk finds nothing.
 */
export function explainEncodeError(obj: unknown, cause: unknown): Error {
  const found = check(schemaIndex(), obj, { kind: 'generic', name: 'X' }, '');
  if (found) return found;
  if (cause instanceof TlEncodeError) return cause;
  return new TlEncodeError(`cannot encode: ${(cause as Error)?.message ?? cause}`);
}

function check(index: SchemaIndex, v: unknown, t: TlType, path: string): TlEncodeError | undefined {
  const fail = (expected: string) => new TlEncodeError(`expected ${expected}, got ${describe(v)}`, path);
  switch (t.kind) {
    case 'scalar':
      return LIMITS[t.name](v) ? undefined : fail(t.name === 'int' ? 'a 32-bit integer' : t.name === 'long' ? 'a 64-bit bigint' : t.name);
    case 'vector': {
      if (!Array.isArray(v)) return fail('an array');
      for (let i = 0; i < v.length; i++) {
        const e = check(index, v[i], t.of, `${path}[${i}]`);
        if (e) return e;
      }
      return undefined;
    }
    case 'boxed':
    case 'bare':
    case 'generic': {
      const name = v !== null && typeof v === 'object' ? (v as { _?: unknown })._ : undefined;
      const def = typeof name === 'string' ? index.byName.get(name) : undefined;
      if (!def) return fail(t.kind === 'generic' ? 'a TL object' : `a ${t.name} object`);
      const ok =
        t.kind === 'generic' ? path === '' || def.kind === 'function' : t.kind === 'bare' ? def.name === t.name || index.types.get(t.name)?.includes(def.name) : index.types.get(t.name)?.includes(def.name);
      if (!ok) return fail(t.kind === 'generic' ? 'a TL function' : `a constructor of ${t.name}`);
      return fields(index, v as Record<string, unknown>, def.name, path || def.name);
    }
    default:
      return undefined;
  }
}

function fields(index: SchemaIndex, o: Record<string, unknown>, name: string, path: string): TlEncodeError | undefined {
  const def = index.byName.get(name)!;
  const setBits = new Map<string, Map<number, string>>();
  for (const p of def.params) {
    if (!p.flag) continue;
    const value = o[fieldName(p.name)];
    if (p.type.kind === 'true' ? value : value != null) {
      const bits = setBits.get(p.flag.word) ?? new Map<number, string>();
      if (!bits.has(p.flag.bit)) bits.set(p.flag.bit, fieldName(p.name));
      setBits.set(p.flag.word, bits);
    }
  }
  for (const p of def.params) {
    if (p.type.kind === 'flags' || p.type.kind === 'true') continue;
    const key = fieldName(p.name);
    const value = o[key];
    if (p.flag) {
      const by = setBits.get(p.flag.word)?.get(p.flag.bit);
      if (by === undefined) continue;
      if (value == null) {
        return new TlEncodeError(`required because ${by} is set: both share ${p.flag.word}.${p.flag.bit}`, `${path}.${key}`);
      }
    }
    const e = check(index, value, p.type, `${path}.${key}`);
    if (e) return e;
  }
  return undefined;
}
