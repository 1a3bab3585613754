import { crc32 } from '../crc32.js';
import type { TlDefinition, TlParam, TlSchema, TlType, TlScalar } from './ast.js';

/** A .tl file that does not follow the grammar; names the file, line and column. */
export class TlParseError extends Error {
  override readonly name = 'TlParseError';
  constructor(
    readonly reason: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
  }
}

const SCALARS = new Set<string>(['int', 'long', 'double', 'string', 'bytes', 'int128', 'int256', 'Bool']);
/** Built-in type declarations (`int ? = Int;`, `vector {t:Type} # [ t ] = Vector t;`): not combinators. */
const BUILTIN = /^\s*[\w.]+(#[0-9a-fA-F]+)?\s*(\{[^}]*\}\s*)?(\?|#\s*\[|\d+\*\[)/;

/**
 * Parses TL source into definitions. Declarations may span lines; each ends with `;`.
 * A given constructor id is checked against the CRC32 of the normalized declaration;
 * an absent one is computed.
 */
export function parseTl(source: string, file = '<tl>'): TlSchema {
  const definitions: TlDefinition[] = [];
  let layer: number | undefined;
  let section: 'constructor' | 'function' = 'constructor';
  let pending = '';
  let pendingLine = 0;
  let pendingColumn = 0;

  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let text = lines[i];
    const comment = text.indexOf('//');
    if (comment >= 0) {
      const m = /^\/\/\s*LAYER\s+(\d+)/.exec(text.slice(comment));
      if (m) layer = Number(m[1]);
      text = text.slice(0, comment);
    }
    const trimmed = text.trim();
    if (!trimmed) continue;
    if (!pending) {
      const section_ = /^---(\w+)---$/.exec(trimmed);
      if (section_) {
        if (section_[1] === 'types') section = 'constructor';
        else if (section_[1] === 'functions') section = 'function';
        else throw new TlParseError(`unknown section ---${section_[1]}---`, file, lineNo, text.indexOf('---') + 1);
        continue;
      }
      pendingLine = lineNo;
      pendingColumn = text.length - text.trimStart().length + 1;
    }
    pending += (pending ? ' ' : '') + trimmed;
    if (!trimmed.endsWith(';')) continue;
    const declaration = pending.slice(0, -1).trim();
    pending = '';
    if (BUILTIN.test(declaration)) continue;
    definitions.push(parseDeclaration(declaration, section, file, pendingLine, pendingColumn));
  }
  if (pending) throw new TlParseError('declaration is not terminated by ";"', file, pendingLine, pendingColumn);
  return { definitions, layer };
}

function parseDeclaration(text: string, kind: TlDefinition['kind'], file: string, line: number, column: number): TlDefinition {
  const fail = (reason: string, at: string): never => {
    const offset = Math.max(0, text.indexOf(at));
    throw new TlParseError(reason, file, line, column + offset);
  };
  const eq = text.lastIndexOf('=');
  if (eq < 0) fail('expected "= Type" at the end of the declaration', text);
  const head = text.slice(0, eq).trim().split(/\s+/);
  const resultText = text.slice(eq + 1).trim();
  if (!resultText) fail('missing result type after "="', '=');

  const nameMatch = /^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)?)(?:#([0-9a-fA-F]{1,8}))?$/.exec(head[0]);
  if (!nameMatch) fail(`invalid combinator name "${head[0]}"`, head[0]);
  const name = nameMatch![1];
  const given = nameMatch![2] === undefined ? undefined : parseInt(nameMatch![2], 16);

  const generics: string[] = [];
  const params: TlParam[] = [];
  const flagWords = new Set<string>();
  for (const token of head.slice(1)) {
    const generic = /^\{(\w+):Type\}$/.exec(token);
    if (generic) {
      generics.push(generic[1]);
      continue;
    }
    const m = /^(\w+):(.+)$/.exec(token);
    if (!m) fail(`expected "name:type", got "${token}"`, token);
    const [, paramName, typeText] = m!;
    if (typeText === '#') {
      flagWords.add(paramName);
      params.push({ name: paramName, type: { kind: 'flags' } });
      continue;
    }
    const cond = /^(\w+)\.(\d+)\?(.+)$/.exec(typeText);
    if (cond) {
      const [, word, bit, inner] = cond;
      if (!flagWords.has(word)) fail(`"${paramName}" refers to flags word "${word}" not declared before it`, token);
      if (Number(bit) > 31) fail(`flag bit ${bit} is out of range`, token);
      const type = inner === 'true' ? ({ kind: 'true' } as const) : parseType(inner, generics, (r) => fail(r, token));
      params.push({ name: paramName, type, flag: { word, bit: Number(bit) } });
      continue;
    }
    params.push({ name: paramName, type: parseType(typeText, generics, (r) => fail(r, token)) });
  }

  const result = parseType(resultText.replace(/^(\w+) (\w+)$/, '$1<$2>'), generics, (r) => fail(r, resultText));
  const id = crc32(new TextEncoder().encode(normalize(text)));
  const definition: TlDefinition = { kind, name, id: given ?? id, params, result, generics, file, line };
  if (given !== undefined && given !== id) definition.computedId = id;
  return definition;
}

export function parseType(text: string, generics: string[], fail: (reason: string) => never): TlType {
  if (text.startsWith('!')) {
    if (!generics.includes(text.slice(1))) fail(`"${text}" names no generic parameter`);
    return { kind: 'generic', name: text.slice(1) };
  }
  if (generics.includes(text)) return { kind: 'generic', name: text };
  const vector = /^([Vv]ector)<(.+)>$/.exec(text);
  if (vector) return { kind: 'vector', boxed: vector[1] === 'Vector', of: parseType(vector[2], generics, fail) };
  if (text.startsWith('%')) return { kind: 'bare', name: text.slice(1) };
  if (SCALARS.has(text)) return { kind: 'scalar', name: text as TlScalar };
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?$/.test(text)) fail(`invalid type "${text}"`);
  const base = text.slice(text.lastIndexOf('.') + 1);
  return /^[a-z]/.test(base) ? { kind: 'bare', name: text } : { kind: 'boxed', name: text };
}

/** The declaration as the constructor-id CRC32 is taken over (the TL spec's normalization). */
export function normalize(declaration: string): string {
  return declaration
    .replace(/^([\w.]+)#[0-9a-fA-F]+/, '$1')
    .replace(/\s+\w+:flags\d*\.\d+\?true(?=\s|$)/g, '')
    .replace(/([:?])bytes(?=\s|$)/g, '$1string')
    .replace(/[<]/g, ' ')
    .replace(/[>{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
