import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTl } from './parser.js';
import { buildModel, type TlModel } from './model.js';
import { generateTypes } from './generate-types.js';
import { generateCodecs } from './generate-codecs.js';
import { generateMeta } from './generate-meta.js';

/** The .tl files the project is generated from, in the order they merge. */
export const SCHEMA_FILES = ['api.tl', 'mtproto.tl'];

export function loadModel(dir: string): TlModel {
  return buildModel(SCHEMA_FILES.map((f) => parseTl(readFileSync(join(dir, f), 'utf8'), f)));
}

/** Generated file name (under src/schema/generated) -> its content. */
export function generate(model: TlModel): Map<string, string> {
  return new Map([
    ['types.ts', generateTypes(model)],
    ['codecs.ts', generateCodecs(model)],
    ['meta.ts', generateMeta(model)],
  ]);
}
