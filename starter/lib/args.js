// The command line: `create-layer-bot <folder> [--template bot|user] [--name n] [--layer spec]`.
// No prompts: every choice has a default, so scripts and CI can run it too.
import { parseArgs } from 'node:util';

export const TEMPLATES = /** @type {const} */ (['bot', 'user']);

export const USAGE = `Usage: npm create layer-bot <folder> [-- --template bot|user] [--name <package-name>] [--layer <spec>]

  <folder>           where the project goes; created if missing, refused if not empty
  -t, --template     bot (default): a bot logging in with a token from @BotFather
                     user: a userbot, a user account logging in with a phone number
  -n, --name         the package name (default: the folder's name)
      --layer        the layer dependency to write in package.json (default: ^VERSION),
                     e.g. file:../layer for a local checkout
  -h, --help         this text`;

export class UsageError extends Error {
  name = 'UsageError';
}

/**
 * @typedef {{ help: true } | { help: false; folder: string; template: 'bot' | 'user'; name?: string; layer?: string }} Args
 * @param {string[]} argv
 * @returns {Args}
 */
export function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        template: { type: 'string', short: 't' },
        name: { type: 'string', short: 'n' },
        layer: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(/** @type {Error} */ (error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) throw new UsageError('name the folder to create, e.g. `npm create layer-bot my-bot`');
  if (positionals.length > 1) throw new UsageError(`one folder at a time (got ${positionals.map((p) => JSON.stringify(p)).join(', ')})`);
  const template = values.template ?? 'bot';
  if (!TEMPLATES.includes(/** @type {any} */ (template))) throw new UsageError(`--template is bot or user (got ${JSON.stringify(template)})`);
  if (values.layer !== undefined && values.layer.trim() === '') throw new UsageError('--layer needs a version or spec, e.g. ^0.1.0 or file:../layer');
  return { help: false, folder: positionals[0], template: /** @type {'bot' | 'user'} */ (template), name: values.name, layer: values.layer };
}
