// Renders a template into a folder: everything is read and checked first, so a
// refusal writes nothing; a failure half way removes what this run created.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageNameProblems } from './package-name.js';

const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

/** Entries a folder may already hold and still count as empty: a fresh `git init` is fine. */
const IGNORABLE = new Set(['.git']);

export class ScaffoldError extends Error {
  name = 'ScaffoldError';
}

/**
 * @typedef {{ folder: string; template: 'bot' | 'user'; name?: string; layer: string; cwd: string }} ScaffoldOptions
 * @typedef {{ root: string; name: string; files: string[] }} Scaffolded
 * @param {ScaffoldOptions} options
 * @returns {Promise<Scaffolded>}
 */
export async function scaffold(options) {
  const root = resolve(options.cwd, options.folder);
  const name = options.name ?? basename(root);
  const problems = packageNameProblems(name);
  if (problems.length) {
    const hint = options.name === undefined ? ' (it is the folder\'s name; pass --name to choose another)' : '';
    throw new ScaffoldError(`"${name}" cannot be an npm package name${hint}: ${problems.join('; ')}`);
  }
  const createdRoot = await checkTarget(root);
  const files = await render(options.template, { name, layer: options.layer, template: options.template });
  try {
    for (const [path, text] of files) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text, { flag: 'wx' });
    }
  } catch (error) {
    if (createdRoot) await rm(root, { recursive: true, force: true });
    else await Promise.all([...files.keys()].map((path) => rm(join(root, path.split('/')[0]), { recursive: true, force: true })));
    throw error;
  }
  return { root, name, files: [...files.keys()].sort() };
}

/** Refuses a file or a non-empty folder; answers whether the folder is new. */
async function checkTarget(root) {
  if (!existsSync(root)) return true;
  if (!(await stat(root)).isDirectory()) throw new ScaffoldError(`${root} exists and is not a folder; nothing was written`);
  const entries = (await readdir(root)).filter((e) => !IGNORABLE.has(e));
  if (entries.length) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, and ${entries.length - 5} more` : '');
    throw new ScaffoldError(`${root} is not empty (${shown}); refusing to overwrite it, nothing was written. Pick a new folder or empty this one.`);
  }
  return false;
}

/**
 * The project's files, path -> text: templates/common, then the chosen
 * template over it. A leading `_` in a name becomes `.` (npm would leave
 * `.gitignore` out of the published starter); `{{name}}`, `{{layer}}` and
 * `{{template}}` are filled in; `.env.example` is also written as `.env`.
 * @param {'bot' | 'user'} template
 * @param {Record<string, string>} values
 * @returns {Promise<Map<string, string>>}
 */
export async function render(template, values) {
  const files = new Map();
  for (const layer of ['common', template]) {
    const base = join(TEMPLATES_DIR, layer);
    for (const file of await walk(base)) {
      const path = relative(base, file).split(sep).map((part) => part.replace(/^_/, '.')).join('/');
      const text = (await readFile(file, 'utf8')).replace(/\{\{(\w+)\}\}/g, (whole, key) => values[key] ?? whole);
      files.set(path, text);
    }
  }
  const example = files.get('.env.example');
  if (example !== undefined) files.set('.env', example);
  return files;
}

/** @param {string} dir @returns {Promise<string[]>} */
async function walk(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat();
}
