/**
 * Settings from the environment and a `.env` file (the environment wins),
 * read with a parser small enough to need no dependency: `KEY=value` lines,
 * optional `export `, `#` comments, single or double quotes (double quotes
 * understand \n, \t, \" and \\).
 */
import { readFileSync } from 'node:fs';

export type Env = Record<string, string | undefined>;

export function parseDotEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    values[match[1]!] = unquote(match[2]!);
  }
  return values;
}

function unquote(value: string): string {
  const quote = value[0];
  if (quote === '"') return doubleQuoted(value);
  if (quote === "'") {
    const end = value.indexOf(quote, 1);
    return end === -1 ? value.slice(1) : value.slice(1, end);
  }
  return value.replace(/\s+#.*$/, '').trim();
}

function doubleQuoted(value: string): string {
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') break;
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i]!;
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
    } else out += c;
  }
  return out;
}

/** The environment over `.env` (if there is one at `path`). */
export function loadEnv(path = '.env', env: Env = process.env): Env {
  let file: Record<string, string> = {};
  try {
    file = parseDotEnv(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { ...file, ...env };
}

export type Mode =
  | { kind: 'emulator' }
  | { kind: 'telegram'; apiId: number; apiHash: string; botToken?: string; phone?: string; session: string }
  | { kind: 'misconfigured'; problem: string };

/** What to run: the emulator without credentials; real Telegram with API_ID and API_HASH (and BOT_TOKEN, or a phone login). */
export function chooseMode(env: Env, defaultSession: string): Mode {
  const { API_ID, API_HASH, BOT_TOKEN, PHONE, SESSION } = env;
  if (!API_ID && !API_HASH && !BOT_TOKEN) return { kind: 'emulator' };
  if (!API_ID || !API_HASH) return { kind: 'misconfigured', problem: `${!API_ID ? 'API_ID' : 'API_HASH'} is missing: both come from https://my.telegram.org/apps (BOT_TOKEN alone is not enough for MTProto)` };
  const apiId = Number(API_ID);
  if (!Number.isSafeInteger(apiId) || apiId <= 0) return { kind: 'misconfigured', problem: `API_ID must be the number shown at https://my.telegram.org/apps (got ${JSON.stringify(API_ID)})` };
  return { kind: 'telegram', apiId, apiHash: API_HASH, botToken: BOT_TOKEN || undefined, phone: PHONE || undefined, session: SESSION || defaultSession };
}
