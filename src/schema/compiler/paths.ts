import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';

/** The repository root, found from this file whether run from src/ or dist/src/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** Where the official .tl files live: LAYER_SCHEMA_DIR, else ../shared/schema beside the checkout. */
export function schemaDir(): string {
  return process.env.LAYER_SCHEMA_DIR ?? resolve(projectRoot(), '..', 'shared', 'schema');
}
