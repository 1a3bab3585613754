import type { TlDefinition, TlType } from '../../src/schema/compiler/ast.js';
import { fieldName } from '../../src/schema/compiler/names.js';
import { schemaIndex } from '../../src/schema/definitions.js';

/**
 * Sample objects for any definition, in the exact shape the decoder produces:
 * every field key present, `true` flags as booleans, absent optionals as undefined.
 * `full` sets every flag (nested objects are minimal, to stay finite); `minimal` sets none.
 */
export type SampleMode = 'full' | 'minimal';

const index = schemaIndex();

/** For each abstract type, its constructor with the smallest required nesting (so samples terminate). */
const cheapest = (() => {
  const cost = new Map<string, number>();
  const typeCost = (t: TlType): number => {
    if (t.kind === 'vector' || t.kind === 'scalar' || t.kind === 'true' || t.kind === 'flags' || t.kind === 'generic') return 0;
    const names = t.kind === 'bare' && index.byName.has(t.name) ? [t.name] : index.types.get(t.name) ?? [];
    return Math.min(...names.map((n) => cost.get(n) ?? Infinity));
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of index.all) {
      const c = 1 + def.params.filter((p) => !p.flag).reduce((s, p) => s + typeCost(p.type), 0);
      if (c < (cost.get(def.name) ?? Infinity)) {
        cost.set(def.name, c);
        changed = true;
      }
    }
  }
  const best = new Map<string, string>();
  for (const [type, names] of index.types) best.set(type, names.reduce((a, b) => ((cost.get(b) ?? Infinity) < (cost.get(a) ?? Infinity) ? b : a)));
  return best;
})();

let counter = 0;
/** Deterministic, varied values: the same run gives the same samples. */
function next(): number {
  counter = (counter * 1103515245 + 12345) & 0x7fffffff;
  return counter;
}

function bytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => next() & 0xff);
}

function value(t: TlType, mode: SampleMode): unknown {
  switch (t.kind) {
    case 'scalar':
      switch (t.name) {
        case 'int':
          return (next() % 200000) - 100000;
        case 'long':
          return BigInt(next()) * -4294967296n - 7n;
        case 'double':
          return next() / 7;
        case 'string':
          return mode === 'full' ? `sample ${next()} ✓ 🙂` : '';
        case 'bytes':
          return bytes(mode === 'full' ? 5 : 0);
        case 'int128':
          return bytes(16);
        case 'int256':
          return bytes(32);
        case 'Bool':
          return (next() & 1) === 1;
      }
      break;
    case 'vector':
      return mode === 'full' ? [value(t.of, 'minimal'), value(t.of, 'minimal')] : [];
    case 'boxed':
      return sample(cheapest.get(t.name)!, 'minimal');
    case 'bare':
      return sample(index.byName.has(t.name) ? t.name : cheapest.get(t.name)!, 'minimal');
    case 'generic':
      return sample('help.getConfig', 'minimal');
  }
  throw new Error(`no sample for ${t.kind}`);
}

export function sample(name: string, mode: SampleMode): Record<string, unknown> {
  const def: TlDefinition | undefined = index.byName.get(name);
  if (!def) throw new Error(`unknown definition ${name}`);
  const o: Record<string, unknown> = { _: def.name };
  for (const p of def.params) {
    if (p.type.kind === 'flags') continue;
    const key = fieldName(p.name);
    if (p.type.kind === 'true') o[key] = mode === 'full';
    else if (p.flag && mode === 'minimal') o[key] = undefined;
    else o[key] = value(p.type, mode);
  }
  return o;
}

export function allDefinitions(): TlDefinition[] {
  return index.all;
}
