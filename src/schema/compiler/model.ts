import type { TlDefinition, TlSchema, TlType } from './ast.js';

/** Several parsed files merged into one resolved schema, ready to generate from. */
export interface TlModel {
  layer?: number;
  definitions: TlDefinition[];
  constructors: Map<string, TlDefinition>;
  functions: Map<string, TlDefinition>;
  /** Abstract type name -> its constructors, in schema order. */
  types: Map<string, TlDefinition[]>;
}

export class TlModelError extends Error {
  override readonly name = 'TlModelError';
}

export function buildModel(schemas: TlSchema[]): TlModel {
  const constructors = new Map<string, TlDefinition>();
  const functions = new Map<string, TlDefinition>();
  const ids = new Map<number, TlDefinition>();
  const definitions: TlDefinition[] = [];
  let layer: number | undefined;
  for (const schema of schemas) {
    layer ??= schema.layer;
    for (const def of schema.definitions) {
      const table = def.kind === 'constructor' ? constructors : functions;
      const same = table.get(def.name);
      if (same) {
        if (same.id === def.id) continue; // declared in both files alike
        throw new TlModelError(`${def.file}:${def.line}: ${def.name} redeclared with another id (first at ${same.file}:${same.line})`);
      }
      const clash = ids.get(def.id);
      if (clash) throw new TlModelError(`${def.file}:${def.line}: id #${def.id.toString(16)} of ${def.name} is already ${clash.name}`);
      ids.set(def.id, def);
      table.set(def.name, def);
      definitions.push(def);
    }
  }
  const types = new Map<string, TlDefinition[]>();
  for (const def of constructors.values()) {
    const name = typeName(def.result);
    const list = types.get(name) ?? [];
    list.push(def);
    types.set(name, list);
  }
  const model = { layer, definitions, constructors, functions, types };
  for (const def of definitions) {
    for (const p of def.params) check(model, def, p.type);
    if (def.kind === 'function') check(model, def, def.result);
  }
  return model;
}

export function typeName(t: TlType): string {
  if (t.kind === 'boxed' || t.kind === 'bare' || t.kind === 'generic') return t.name;
  if (t.kind === 'scalar') return t.name;
  if (t.kind === 'vector') return `${t.boxed ? 'Vector' : 'vector'}<${typeName(t.of)}>`;
  return t.kind === 'flags' ? '#' : 'true';
}

/** Every type a field names must resolve, so the generated code never meets an unknown one. */
function check(model: TlModel, def: TlDefinition, t: TlType): void {
  if (t.kind === 'vector') return check(model, def, t.of);
  if (t.kind === 'boxed' && !model.types.has(t.name)) {
    throw new TlModelError(`${def.file}:${def.line}: ${def.name} uses type ${t.name}, which has no constructors`);
  }
  if (t.kind === 'bare' && !model.constructors.has(t.name) && model.types.get(t.name)?.length !== 1) {
    throw new TlModelError(`${def.file}:${def.line}: ${def.name} uses bare type ${t.name}, which is neither a constructor nor a single-constructor type`);
  }
}

/** The constructor a bare type stands for (`future_salt`, or `%T` of a one-constructor type). */
export function bareConstructor(model: TlModel, name: string): TlDefinition {
  return model.constructors.get(name) ?? model.types.get(name)![0];
}
