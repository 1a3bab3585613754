// What the bin does: parse, scaffold, say what happened and what to run next.
// Answers an exit code: 0 done, 1 refused or bad input (nothing written).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseCommandLine, USAGE, UsageError } from './args.js';
import { scaffold, ScaffoldError } from './scaffold.js';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/**
 * @param {string[]} argv
 * @param {{ cwd: string; out: { write(s: string): unknown }; err: { write(s: string): unknown } }} io
 * @returns {Promise<number>}
 */
export async function main(argv, io) {
  const usage = USAGE.replace('VERSION', VERSION);
  try {
    const args = parseCommandLine(argv);
    if (args.help) {
      io.out.write(usage + '\n');
      return 0;
    }
    const done = await scaffold({ folder: args.folder, template: args.template, name: args.name, layer: args.layer ?? `^${VERSION}`, cwd: io.cwd });
    io.out.write(nextSteps(done, args.template, relative(io.cwd, done.root) || '.'));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`create-layer-bot: ${error.message}\n\n${usage}\n`);
      return 1;
    }
    if (error instanceof ScaffoldError) {
      io.err.write(`create-layer-bot: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** @param {import('./scaffold.js').Scaffolded} done @param {'bot' | 'user'} template @param {string} shown */
function nextSteps(done, template, shown) {
  const secrets = template === 'bot' ? 'API_ID, API_HASH and BOT_TOKEN' : 'API_ID, API_HASH and PHONE';
  return [
    `Created ${done.name} (a ${template === 'bot' ? 'bot' : 'userbot'}) in ${done.root}:`,
    ...done.files.map((f) => `  ${f}`),
    '',
    'Next:',
    ...(shown === '.' ? [] : [`  cd ${shown}`]),
    '  npm install',
    '  npm test      # builds, then drives the bot through a local Telegram emulator',
    `  # put ${secrets} in .env, then:`,
    '  npm start',
    '',
  ].join('\n');
}
