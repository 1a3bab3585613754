import type { TlDefinition, TlParam } from './compiler/ast.js';
import { parseType } from './compiler/parser.js';
import { DEFINITIONS } from './generated/meta.js';

export interface SchemaIndex {
  byName: Map<string, TlDefinition>;
  /** Abstract type name -> constructor names. */
  types: Map<string, string[]>;
  all: TlDefinition[];
}

let index: SchemaIndex | undefined;

/** The generated schema as parsed definitions; built on first use (error paths, tests, tools). */
export function schemaIndex(): SchemaIndex {
  if (index) return index;
  const all: TlDefinition[] = [];
  const byName = new Map<string, TlDefinition>();
  const types = new Map<string, string[]>();
  for (const [kind, name, id, result, params, generics = []] of DEFINITIONS) {
    const g = [...generics];
    const fail = (reason: string): never => {
      throw new Error(`generated metadata of ${name} is invalid: ${reason}`);
    };
    const def: TlDefinition = {
      kind: kind === 'c' ? 'constructor' : 'function',
      name,
      id,
      result: parseType(result, g, fail),
      params: params.map((p) => param(p, g, fail)),
      generics: g,
      file: 'generated',
      line: 0,
    };
    all.push(def);
    byName.set(name, def);
    if (kind === 'c') types.set(result, [...(types.get(result) ?? []), name]);
  }
  return (index = { byName, types, all });
}

function param(text: string, generics: string[], fail: (r: string) => never): TlParam {
  const colon = text.indexOf(':');
  const name = text.slice(0, colon);
  const type = text.slice(colon + 1);
  if (type === '#') return { name, type: { kind: 'flags' } };
  const cond = /^(\w+)\.(\d+)\?(.+)$/.exec(type);
  if (!cond) return { name, type: parseType(type, generics, fail) };
  const inner = cond[3] === 'true' ? ({ kind: 'true' } as const) : parseType(cond[3], generics, fail);
  return { name, type: inner, flag: { word: cond[1], bit: Number(cond[2]) } };
}
