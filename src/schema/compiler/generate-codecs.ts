import type { TlDefinition, TlType } from './ast.js';
import { bareConstructor, typeName, type TlModel } from './model.js';
import { fieldName, ident } from './names.js';
import { BANNER } from './generate-types.js';

const VECTOR = 0x1cb5c415;
const GZIP = 0x3072cfa1;
/** Type index of a `!X` field: any function. Of a top-level encode: anything. */
const ANY_FUNCTION = -1;

const READ_SCALAR: Record<string, string> = {
  int: 'r.int()',
  long: 'r.long()',
  double: 'r.double()',
  string: 'r.string()',
  bytes: 'r.bytes()',
  int128: 'r.fixed(16)',
  int256: 'r.fixed(32)',
  Bool: 'r.bool()',
};
const WRITE_SCALAR: Record<string, (v: string) => string> = {
  int: (v) => `w.int(${v})`,
  long: (v) => `w.long(${v})`,
  double: (v) => `w.double(${v})`,
  string: (v) => `w.string(${v})`,
  bytes: (v) => `w.bytes(${v})`,
  int128: (v) => `w.fixed(${v}, 16)`,
  int256: (v) => `w.fixed(${v}, 32)`,
  Bool: (v) => `w.bool(${v})`,
};

/**
 * Monomorphic encoders and decoders: one function per constructor, one type-checking
 * reader per abstract type (a switch on the id), one reader and writer per vector type,
 * and the tables `encode`/`decode` dispatch through.
 */
export function generateCodecs(model: TlModel): string {
  const typeIndex = new Map([...model.types.keys()].map((name, i) => [name, i]));
  const vectors = new Map<string, TlType & { kind: 'vector' }>();
  const vectorId = (t: TlType & { kind: 'vector' }) => {
    const id = typeName(t).replace(/\W+/g, '_');
    vectors.set(id, t);
    return id;
  };

  const read = (t: TlType): string => {
    switch (t.kind) {
      case 'scalar':
        return READ_SCALAR[t.name];
      case 'boxed':
        return `t_${ident(t.name)}(r)`;
      case 'bare':
        return `d_${ident(bareConstructor(model, t.name).name)}(r)`;
      case 'vector':
        return `rv_${vectorId(t)}(r)`;
      case 'generic':
        return 'readQuery(r)';
      default:
        throw new Error(`no reader for ${t.kind}`);
    }
  };
  const write = (t: TlType, v: string): string => {
    switch (t.kind) {
      case 'scalar':
        return WRITE_SCALAR[t.name](v);
      case 'boxed':
        return `wo(w, ${v}, ${typeIndex.get(t.name)})`;
      case 'bare':
        return `e_${ident(bareConstructor(model, t.name).name)}(w, ${v})`;
      case 'vector':
        return `wv_${vectorId(t)}(w, ${v})`;
      case 'generic':
        return `wo(w, ${v}, ${ANY_FUNCTION})`;
      default:
        throw new Error(`no writer for ${t.kind}`);
    }
  };

  const out: string[] = [
    BANNER,
    '/* eslint-disable */',
    "import type { TlReader } from '../runtime/reader.js';",
    "import type { TlWriter } from '../runtime/writer.js';",
    "import { wrongObject, notArray } from '../runtime/dispatch.js';",
    '',
    'type R = TlReader;',
    'type W = TlWriter;',
    'interface Entry { id: number; t: number; e: (w: W, o: any) => void }',
    '',
    '/** Schema name -> id, type index (-1 for functions) and field encoder. */',
    'export const ENCODERS = new Map<string, Entry>();',
    '/** Constructor or function id -> field decoder (the id already read). */',
    'export const DECODERS = new Map<number, (r: R) => any>();',
    '/** Function id -> field decoder: what a generic `!X` query may hold. */',
    'const QUERIES = new Map<number, (r: R) => any>();',
    '/** Function name -> reader of its result, boxed as rpc_result carries it. */',
    'export const RESULTS = new Map<string, (r: R) => any>();',
    `/** Abstract type names by type index, for error messages. */`,
    `export const TYPE_NAMES: readonly string[] = ${JSON.stringify([...model.types.keys()])};`,
    '',
    '/** Writes a boxed object after checking it belongs to type index `t`. */',
    'export function wo(w: W, o: any, t: number): void {',
    '  const en = o == null ? undefined : ENCODERS.get(o._);',
    '  if (en === undefined || (en.t !== t && t !== -2)) throw wrongObject(o, t === -2 ? "any TL object" : t === -1 ? "a TL function" : TYPE_NAMES[t]);',
    '  w.uint(en.id);',
    '  en.e(w, o);',
    '}',
    '',
    '/** Reads any boxed constructor or function. */',
    'export function readObject(r: R): any {',
    '  const id = r.uint();',
    '  const d = DECODERS.get(id);',
    '  if (d !== undefined) return d(r);',
    `  if (id === ${GZIP}) return readObject(r.gzipped());`,
    `  if (id === ${VECTOR}) throw r.error('a vector is not self-describing: decode it as a typed result', id, r.pos - 4);`,
    "  throw r.error('unknown constructor id', id, r.pos - 4);",
    '}',
    '',
    '/** Reads the `!X` query of a generic function: a function, never a constructor. */',
    'function readQuery(r: R): any {',
    '  const id = r.uint();',
    '  const d = QUERIES.get(id);',
    '  if (d !== undefined) return d(r);',
    `  if (id === ${GZIP}) return readQuery(r.gzipped());`,
    "  throw r.error('expected a TL function', id, r.pos - 4);",
    '}',
    '',
  ];

  for (const def of model.definitions) out.push(decoder(def, read), encoder(def, write));

  for (const [type, ctors] of model.types) {
    out.push(`function t_${ident(type)}(r: R): any {`, '  const id = r.uint();', '  switch (id) {');
    for (const c of ctors) out.push(`    case ${c.id}: return d_${ident(c.name)}(r);`);
    out.push(`    case ${GZIP}: return t_${ident(type)}(r.gzipped());`);
    out.push(`    default: throw r.error(${JSON.stringify(`expected a constructor of ${type}`)}, id, r.pos - 4);`, '  }', '}');
  }

  // Result readers may add vector types, so they are computed before the vector functions are emitted.
  const functions = [...model.functions.values()];
  const generic = functions.filter((def) => def.result.kind === 'generic').map((def) => def.name);
  const results = functions.filter((def) => def.result.kind !== 'generic').map((def) => `RESULTS.set('${def.name}', (r) => ${read(def.result)});`);
  results.push(`/** Functions whose result is their query's (invokeWithLayer and the like). */`);
  results.push(`export const GENERIC_FUNCTIONS: ReadonlySet<string> = new Set(${JSON.stringify(generic)});`);

  for (const [id, t] of vectors) {
    // Presized arrays skip the regrowth of push(); past a few thousand V8 would make them dictionaries, so those append.
    const count = t.boxed ? 'r.vector()' : 'r.count()';
    out.push(`function rv_${id}(r: R): any[] { const n = ${count}; const a = new Array(n < 8192 ? n : 0); for (let i = 0; i < n; i++) a[i] = ${read(t.of)}; return a; }`);
    const header = t.boxed ? `w.uint(${VECTOR}); ` : '';
    out.push(
      `function wv_${id}(w: W, a: any[]): void { if (!Array.isArray(a)) throw notArray(a); ${header}w.uint(a.length); for (let i = 0; i < a.length; i++) ${write(t.of, 'a[i]')}; }`,
    );
  }

  for (const def of model.definitions) {
    const t = def.kind === 'function' ? ANY_FUNCTION : typeIndex.get(typeName(def.result));
    out.push(`ENCODERS.set('${def.name}', { id: ${def.id}, t: ${t}, e: e_${ident(def.name)} });`);
    out.push(`DECODERS.set(${def.id}, d_${ident(def.name)});`);
    if (def.kind === 'function') out.push(`QUERIES.set(${def.id}, d_${ident(def.name)});`);
  }
  out.push(...results);
  return out.join('\n') + '\n';
}

/** `flags.N` guards: which local holds each flags word. */
function flagLocals(def: TlDefinition): Map<string, string> {
  const words = def.params.filter((p) => p.type.kind === 'flags');
  return new Map(words.map((p, i) => [p.name, `f${i}`]));
}

function decoder(def: TlDefinition, read: (t: TlType) => string): string {
  const name = `d_${ident(def.name)}`;
  const words = flagLocals(def);
  const fields = def.params.filter((p) => p.type.kind !== 'flags');
  if (words.size === 0) {
    const props = fields.map((p) => `${fieldName(p.name)}: ${read(p.type)}`);
    return `function ${name}(r: R): any { return { _: '${def.name}'${props.map((p) => ', ' + p).join('')} }; }`;
  }
  const body: string[] = [];
  const props: string[] = [`_: '${def.name}'`];
  def.params.forEach((p, i) => {
    if (p.type.kind === 'flags') {
      body.push(`const ${words.get(p.name)} = r.uint();`);
      return;
    }
    const v = `v${i}`;
    if (!p.flag) body.push(`const ${v} = ${read(p.type)};`);
    else {
      const test = `(${words.get(p.flag.word)} & ${2 ** p.flag.bit}) !== 0`;
      body.push(p.type.kind === 'true' ? `const ${v} = ${test};` : `const ${v} = ${test} ? ${read(p.type)} : undefined;`);
    }
    props.push(`${fieldName(p.name)}: ${v}`);
  });
  return `function ${name}(r: R): any { ${body.join(' ')} return { ${props.join(', ')} }; }`;
}

function encoder(def: TlDefinition, write: (t: TlType, v: string) => string): string {
  const words = flagLocals(def);
  const body: string[] = [];
  if (words.size) {
    body.push(`let ${[...words.values()].map((f) => `${f} = 0`).join(', ')};`);
    for (const p of def.params) {
      if (!p.flag) continue;
      const v = `o.${fieldName(p.name)}`;
      body.push(`if (${p.type.kind === 'true' ? v : `${v} != null`}) ${words.get(p.flag.word)} |= ${2 ** p.flag.bit};`);
    }
  }
  for (const p of def.params) {
    const v = `o.${fieldName(p.name)}`;
    if (p.type.kind === 'flags') body.push(`w.uint(${words.get(p.name)} >>> 0);`);
    else if (p.type.kind === 'true') continue;
    else if (p.flag) body.push(`if (${words.get(p.flag.word)} & ${2 ** p.flag.bit}) ${write(p.type, v)};`);
    else body.push(`${write(p.type, v)};`);
  }
  return `function e_${ident(def.name)}(w: W, o: any): void { ${body.join(' ')} }`;
}
