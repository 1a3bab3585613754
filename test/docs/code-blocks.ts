/**
 * Type-checks the ```ts blocks of the README and docs/*.md against the built
 * package, the way a user's project imports it.
 *
 * The convention, for whoever writes a block:
 * - Each ```ts (or ```typescript) block is its own module (`moduleDetection:
 *   force`), compiled with the repo's compiler options (strict, nodenext,
 *   es2022, experimentalDecorators, emitDecoratorMetadata; node and mocha
 *   types), so top-level `await` works and blocks never see each other.
 * - Library names are imported in the block itself, from the public entry
 *   points (`layer`, `layer/schema`, `layer/protocol`, `layer/emulator`,
 *   `layer/framework`, `layer/framework/testing`). They resolve by the
 *   package's own name through package.json's `exports` to dist/, as in a
 *   user's project: build first.
 * - The reader's own values a fragment takes as given (`client`, `emulator`,
 *   `peer`, `ask()`, ...) are declared by PRELUDE below as globals; a block
 *   that defines the same name shadows them. Add a name there when a new
 *   fragment needs one.
 * - A relative import (`import { VoteHandler } from '../src/vote.handler.js'`)
 *   is the user's own code: each name imported so is stubbed as an empty class.
 * - `<!-- not checked: why -->` on the line before the fence skips a block.
 *   Keep these rare: prefer a block that compiles.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import { projectRoot } from '../../src/schema/compiler/paths.js';

export interface CodeBlock {
  /** The document, relative to the repo root: `README.md`, `docs/framework.md`. */
  doc: string;
  /** 1-based among the document's ```ts blocks (skipped ones included). */
  index: number;
  /** The document's line of the block's first code line. */
  line: number;
  code: string;
  /** The reason given in `<!-- not checked: ... -->`, when skipped. */
  skipped?: string;
}

export interface BlockError {
  doc: string;
  block: number;
  /** The line and column in the document. */
  line: number;
  column: number;
  message: string;
}

/** The free names fragments take as given: the reader's own values, declared, never defined. */
export const PRELUDE = `
import type { Client, ClientOptions, LayerBotOptions } from 'layer';
import type { Emulator } from 'layer/emulator';

declare global {
  /** A connected client (README: "Against real Telegram"). */
  const client: Client;
  /** Options of \`new Client\`: servers, apiId, apiHash. */
  const options: ClientOptions;
  /** A started emulator (\`await startEmulator()\`). */
  const emulator: Emulator;
  /** Ids of emulator accounts: a user and a bot. */
  const ann: bigint;
  const bot: bigint;
  /** A chat, as \`client.resolvePeer\` gives it. */
  const peer: Awaited<ReturnType<Client['resolvePeer']>>;
  /** Files to send, anything \`client.sendFile\` takes. */
  const a: Parameters<Client['sendFile']>[1];
  const b: Parameters<Client['sendFile']>[1];
  const name: string;
  const signal: AbortSignal;
  /** The bytes of an rpc_result. */
  const reply: Uint8Array;
  /** What \`LayerBot.create\` takes. */
  const config: LayerBotOptions['config'];
  const handlers: NonNullable<LayerBotOptions['handlers']>;
  /** The README's bot class, used by the block after it. */
  class PollHandlers {}
  /** The app's own input and output. */
  function ask(question: string): Promise<string>;
  function showQr(url: string): void;
  function draw(bytes: number, total: number | undefined, rate?: number): void;
}
`;

const FENCE_OPEN = /^(\s*)```(?:ts|typescript)\s*$/;
const FENCE_ANY = /^\s*```/;
const FENCE_CLOSE = /^\s*```\s*$/;
const SKIP = /^\s*<!--\s*not checked:\s*(.*?)\s*-->\s*$/;

/** Every ```ts block of a markdown text, with where it is. */
export function extractBlocks(doc: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let inOther = false; // inside a fence of another language, where only a bare ``` closes
  for (let i = 0; i < lines.length; i++) {
    if (inOther) {
      if (FENCE_CLOSE.test(lines[i])) inOther = false;
      continue;
    }
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) {
      inOther = FENCE_ANY.test(lines[i]);
      continue;
    }
    const indent = open[1].length;
    let end = i + 1;
    while (end < lines.length && !FENCE_CLOSE.test(lines[end])) end++;
    if (end === lines.length) throw new Error(`${doc}:${i + 1}: a \`\`\`ts block is never closed`);
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const skip = before >= 0 ? SKIP.exec(lines[before]) : null;
    if (skip && skip[1] === '') throw new Error(`${doc}:${before + 1}: "not checked" needs a reason`);
    blocks.push({
      doc,
      index: blocks.length + 1,
      line: i + 2,
      code: lines.slice(i + 1, end).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n'),
      ...(skip ? { skipped: skip[1] } : {}),
    });
    i = end;
  }
  return blocks;
}

/** README.md and docs/*.md of the repo, in that order. */
export function repoDocs(root = projectRoot()): { doc: string; text: string }[] {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...docs].map((doc) => ({ doc, text: readFileSync(join(root, doc), 'utf8') }));
}

const fileName = (b: CodeBlock): string => `${b.doc.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${b.index}.ts`;

/** Empty classes for the names blocks import from the user's own files, by the file they resolve to. */
function stubsFor(blocks: { file: string; code: string }[]): Map<string, Set<string>> {
  const stubs = new Map<string, Set<string>>();
  const imports = /import\s+(?:type\s+)?([^;'"]*?)\s+from\s+['"](\.\.?\/[^'"]+)['"]/g;
  for (const { file, code } of blocks) {
    for (const [, clause, spec] of code.matchAll(imports)) {
      const target = posix.join(posix.dirname(file), spec).replace(/\.js$/, '.ts');
      const names = stubs.get(target) ?? new Set<string>();
      const named = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
      for (const part of named.split(',')) {
        const exported = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
        if (exported) names.add(exported);
      }
      stubs.set(target, names);
    }
  }
  return stubs;
}

/**
 * Compiles the blocks with one `tsc` run in a temporary folder inside the
 * repo (so `layer` resolves through the package's own exports) and returns
 * each error at its document line.
 */
export function checkBlocks(blocks: CodeBlock[], root = projectRoot()): BlockError[] {
  const dir = mkdtempSync(join(root, 'dist', 'docs-check-'));
  try {
    const checked = blocks.filter((b) => b.skipped === undefined).map((b) => ({ block: b, file: `blocks/${fileName(b)}`, code: b.code }));
    mkdirSync(join(dir, 'blocks'));
    for (const { file, code } of checked) writeFileSync(join(dir, file), `${code}\n`);
    for (const [file, names] of stubsFor(checked)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), [...names].map((n) => `export class ${n} {}\n`).join(''));
    }
    writeFileSync(join(dir, 'prelude.d.ts'), PRELUDE);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: relative(dir, join(root, 'tsconfig.json')).split('\\').join('/'),
      compilerOptions: { noEmit: true, moduleDetection: 'force', rootDir: '.', incremental: false },
      include: ['prelude.d.ts', 'blocks/**/*.ts', 'src/**/*.ts'],
      exclude: [],
    }));
    const output = runTsc(root, dir);
    return parseErrors(output, new Map(checked.map((c) => [c.file, c.block])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runTsc(root: string, dir: string): string {
  const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    if (!stdout) throw new Error(`tsc failed without diagnostics: ${stderr ?? String(e)}`);
    return stdout;
  }
}

/** tsc's `file(line,col): error TSn: message` lines (with their indented continuations), at document lines. */
function parseErrors(output: string, files: Map<string, CodeBlock>): BlockError[] {
  const errors: BlockError[] = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(line);
    if (m) {
      const block = files.get(m[1].split('\\').join('/'));
      errors.push(block
        ? { doc: block.doc, block: block.index, line: block.line + Number(m[2]) - 1, column: Number(m[3]), message: m[4] }
        : { doc: m[1], block: 0, line: Number(m[2]), column: Number(m[3]), message: m[4] });
    } else if (line.trim() !== '' && errors.length > 0) {
      errors[errors.length - 1].message += `\n    ${line.trim()}`;
    } else if (line.trim() !== '') {
      errors.push({ doc: 'tsc', block: 0, line: 0, column: 0, message: line });
    }
  }
  return errors;
}

export function formatError(e: BlockError): string {
  return e.block > 0 ? `${e.doc}:${e.line}:${e.column} (block ${e.block}): ${e.message}` : `${e.doc}:${e.line}:${e.column}: ${e.message}`;
}
