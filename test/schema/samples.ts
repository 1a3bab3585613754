import type { TlDefinition, TlType } from '../../src/schema/compiler/ast.js';
import { fieldName } from '../../src/schema/compiler/names.js';
import { schemaIndex } from '../../src/schema/definitions.js';

/**
 * Sample objects for any definition, in the exact shape the decoder produces:
 * every field key present, `true` flags as booleans, absent optionals as undefined.
 * `full` sets every flag (nested objects are minimal, to stay finite); `minimal` sets none.
 */
export type SampleMode = 'full' | 'minimal';

export interface SamplerOptions {
  /** Only these definitions may appear (nested ones included): for peers that lack some. */
  allowed?: (name: string) => boolean;
  /** Keep longs within ±2^53: mtcute holds some longs as JS numbers. */
  safeLongs?: boolean;
}

const index = schemaIndex();

export class Sampler {
  private counter = 0;
  /** For each abstract type, its allowed constructor with the least required nesting (so samples terminate). */
  private readonly cheapest = new Map<string, string>();
  private readonly cost = new Map<string, number>();

  constructor(private readonly options: SamplerOptions = {}) {
    const allowed = options.allowed ?? (() => true);
    const typeCost = (t: TlType): number => {
      if (t.kind !== 'boxed' && t.kind !== 'bare') return 0;
      const names = t.kind === 'bare' && index.byName.has(t.name) ? [t.name] : index.types.get(t.name) ?? [];
      return Math.min(...names.map((n) => this.cost.get(n) ?? Infinity));
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (const def of index.all) {
        if (!allowed(def.name)) continue;
        const c = 1 + def.params.filter((p) => !p.flag).reduce((s, p) => s + typeCost(p.type), 0);
        if (c < (this.cost.get(def.name) ?? Infinity)) {
          this.cost.set(def.name, c);
          changed = true;
        }
      }
    }
    for (const [type, names] of index.types) {
      const best = names.filter((n) => this.cost.has(n)).sort((a, b) => this.cost.get(a)! - this.cost.get(b)!)[0];
      if (best) this.cheapest.set(type, best);
    }
  }

  /** Whether a finite sample of `name` exists using only allowed definitions. */
  canSample(name: string, mode: SampleMode): boolean {
    const def = index.byName.get(name);
    if (!def || !this.cost.has(name)) return false;
    // Vectors are empty in minimal samples and hold minimal elements in full ones.
    return def.params.every((p) => (mode === 'minimal' && (p.flag || p.type.kind === 'vector')) || this.finite(p.type));
  }

  private finite(t: TlType): boolean {
    if (t.kind === 'vector') return this.finite(t.of);
    if (t.kind === 'boxed') return this.cheapest.has(t.name);
    if (t.kind === 'bare') return this.cost.has(t.name) || this.cheapest.has(t.name);
    if (t.kind === 'generic') return this.cost.has('help.getConfig');
    return true;
  }

  sample(name: string, mode: SampleMode): Record<string, unknown> {
    const def: TlDefinition | undefined = index.byName.get(name);
    if (!def) throw new Error(`unknown definition ${name}`);
    const o: Record<string, unknown> = { _: def.name };
    for (const p of def.params) {
      if (p.type.kind === 'flags') continue;
      const key = fieldName(p.name);
      if (p.type.kind === 'true') o[key] = mode === 'full';
      else if (p.flag && mode === 'minimal') o[key] = undefined;
      else o[key] = this.value(p.type, mode);
    }
    return o;
  }

  /** Deterministic, varied values: the same run gives the same samples. */
  private next(): number {
    this.counter = (this.counter * 1103515245 + 12345) & 0x7fffffff;
    return this.counter;
  }

  private bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.next() & 0xff);
  }

  private value(t: TlType, mode: SampleMode): unknown {
    switch (t.kind) {
      case 'scalar':
        switch (t.name) {
          case 'int':
            return (this.next() % 200000) - 100000;
          case 'long':
            return this.options.safeLongs ? BigInt(this.next()) * -1000n - 7n : BigInt(this.next()) * -4294967296n - 7n;
          case 'double':
            return this.next() / 7;
          case 'string':
            return mode === 'full' ? `sample ${this.next()} ✓ 🙂` : '';
          case 'bytes':
            return this.bytes(mode === 'full' ? 5 : 0);
          case 'int128':
            return this.bytes(16);
          case 'int256':
            return this.bytes(32);
          case 'Bool':
            return (this.next() & 1) === 1;
        }
        break;
      case 'vector':
        return mode === 'full' ? [this.value(t.of, 'minimal'), this.value(t.of, 'minimal')] : [];
      case 'boxed':
        return this.sample(this.cheapest.get(t.name)!, 'minimal');
      case 'bare':
        return this.sample(index.byName.has(t.name) ? t.name : this.cheapest.get(t.name)!, 'minimal');
      case 'generic':
        return this.sample('help.getConfig', 'minimal');
    }
    throw new Error(`no sample for ${t.kind}`);
  }
}

const shared = new Sampler();

/** A sample of any definition, from a sampler that may use every definition. */
export function sample(name: string, mode: SampleMode): Record<string, unknown> {
  return shared.sample(name, mode);
}

export function allDefinitions(): TlDefinition[] {
  return index.all;
}
