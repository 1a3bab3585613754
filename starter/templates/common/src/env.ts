import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * The variables of `.env` (when the file exists) overlaid with the process
 * environment: what the shell or the host sets wins over the file.
 */
export function readEnv(file = '.env', environment: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...environment };
}

/** A number from an environment variable; left undefined when unset, so validation says "missing". */
export function numberOf(value: string | undefined): number | undefined {
  return value === undefined || value.trim() === '' ? undefined : Number(value);
}
