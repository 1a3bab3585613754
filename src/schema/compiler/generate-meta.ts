import type { TlDefinition, TlType } from './ast.js';
import { typeName, type TlModel } from './model.js';
import { BANNER } from './generate-types.js';

/** A definition in compact form: kind, name, id, result type, params, generics. */
export type MetaDefinition = readonly [kind: 'c' | 'f', name: string, id: number, result: string, params: readonly string[], generics?: readonly string[]];

/**
 * The resolved schema as data, for what needs it at run time without the .tl files:
 * precise encode errors, the emulator, and tests that sample every definition.
 */
export function generateMeta(model: TlModel): string {
  const rows = model.definitions.map((def) => JSON.stringify(metaOf(def)));
  return [
    BANNER,
    "import type { MetaDefinition } from '../compiler/generate-meta.js';",
    '',
    `export const LAYER = ${model.layer ?? 0};`,
    '',
    'export const DEFINITIONS: readonly MetaDefinition[] = [',
    ...rows.map((r) => `  ${r},`),
    '];',
    '',
  ].join('\n');
}

function metaOf(def: TlDefinition): MetaDefinition {
  const params = def.params.map((p) => `${p.name}:${p.flag ? `${p.flag.word}.${p.flag.bit}?` : ''}${paramType(p.type)}`);
  const kind = def.kind === 'constructor' ? 'c' : 'f';
  const result = typeName(def.result);
  return def.generics.length ? [kind, def.name, def.id, result, params, def.generics] : [kind, def.name, def.id, result, params];
}

function paramType(t: TlType): string {
  if (t.kind === 'generic') return '!' + t.name;
  if (t.kind === 'bare' && /^[A-Z]/.test(t.name.slice(t.name.lastIndexOf('.') + 1))) return '%' + t.name;
  return typeName(t);
}
