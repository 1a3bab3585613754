import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: this file runs as dist/test/starter/create-layer-bot.test.js. */
const CHECKOUT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(CHECKOUT, 'starter/bin/create-layer-bot.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const create = (args: string[], cwd: string) => run(process.execPath, [BIN, ...args], cwd);

function packageJson(dir: string): { name: string; version: string; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string>; bin?: string | Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/**
 * Gives the generated project its node_modules without a registry: `layer`
 * as a link to this checkout (what npm makes of a `file:` folder dependency),
 * and every other dependency as a link to the copy this checkout's `npm ci`
 * installed (the template pins the same versions; a test below checks it).
 * Why not `npm install --offline`: on a clean CI machine `npm ci` leaves only
 * tarballs in the npm cache, not the registry metadata a lockfile-less install
 * resolves versions with, so it would fail with ENOTCACHED. Links also keep one
 * copy of tsyringe, whose decorators only work with the container of the same copy.
 */
async function linkDependencies(project: string): Promise<void> {
  const pkg = packageJson(project);
  const modules = join(project, 'node_modules');
  await mkdir(join(modules, '.bin'), { recursive: true });
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const target = name === 'layer' ? CHECKOUT : join(CHECKOUT, 'node_modules', name);
    if (!existsSync(target)) throw new Error(`${name}: not in ${CHECKOUT}/node_modules; run npm ci in the checkout first`);
    await mkdir(dirname(join(modules, name)), { recursive: true });
    await symlink(target, join(modules, name), 'dir');
    const bin = packageJson(target).bin;
    const bins = typeof bin === 'string' ? { [name.split('/').pop()!]: bin } : (bin ?? {});
    for (const [command, file] of Object.entries(bins)) await symlink(join(target, file), join(modules, '.bin', command));
  }
}

describe('starter: npm create layer-bot', function () {
  let tmp: string;

  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'layer-starter-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  describe('the generated projects build and pass their own tests (slow: tsc and mocha per template, a few seconds each)', function () {
    this.timeout(120_000);

    for (const template of ['bot', 'user'] as const) {
      it(`--template ${template}: scaffolds against this checkout (file:), then npm test passes in it`, async () => {
        const created = await create([`my-${template}`, '--template', template, '--layer', `file:${CHECKOUT}`], tmp);
        expect(created.code, created.stderr).to.equal(0);
        const project = join(tmp, `my-${template}`);
        const pkg = packageJson(project);
        expect(pkg.name).to.equal(`my-${template}`);
        expect(pkg.dependencies.layer).to.equal(`file:${CHECKOUT}`);
        for (const file of ['tsconfig.json', 'README.md', '.gitignore', '.env', '.env.example', '.mocharc.json', 'src/main.ts', 'src/app.config.ts']) {
          expect(existsSync(join(project, file)), file).to.equal(true);
        }
        const sources = await readdir(join(project, 'src'));
        expect(sources.some((f) => f.endsWith('.handler.ts'))).to.equal(true);
        expect(sources.some((f) => f.endsWith('.service.ts'))).to.equal(true);
        expect(created.stdout).to.include('npm install').and.include('npm test');

        await linkDependencies(project);
        // npm run only runs the scripts; offline and without the update check, it asks the registry nothing.
        const tested = await run('npm', ['test'], project, { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' });
        expect(tested.code, `${tested.stdout}\n${tested.stderr}`).to.equal(0);
        expect(tested.stdout).to.match(/\d+ passing/).and.not.match(/failing/);
      });
    }
  });

  it('refuses a folder that is not empty: exit code 1, a clear message, nothing written', async () => {
    await mkdir(join(tmp, 'taken'));
    await writeFile(join(tmp, 'taken', 'notes.txt'), 'mine');
    const result = await create(['taken'], tmp);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('is not empty (notes.txt)').and.include('nothing was written');
    expect(await readdir(join(tmp, 'taken'))).to.deep.equal(['notes.txt']);
  });

  it('takes an empty folder, or one holding only .git', async () => {
    await mkdir(join(tmp, 'repo', '.git'), { recursive: true });
    const result = await create(['repo'], tmp);
    expect(result.code, result.stderr).to.equal(0);
    expect(packageJson(join(tmp, 'repo')).name).to.equal('repo');
  });

  it('checks the package name before writing anything, and --name overrides the folder name', async () => {
    for (const bad of ['My-Bot', '.bot', 'fs', 'a bot', 'node_modules']) {
      const result = await create(['out', '--name', bad], tmp);
      expect(result.code, bad).to.equal(1);
      expect(result.stderr, bad).to.include('cannot be an npm package name');
    }
    expect(await create(['Uppercase'], tmp)).to.include({ code: 1 });
    expect(await readdir(tmp)).to.deep.equal([]);
    const scoped = await create(['Uppercase', '--name', '@me/bot'], tmp);
    expect(scoped.code, scoped.stderr).to.equal(0);
    expect(packageJson(join(tmp, 'Uppercase')).name).to.equal('@me/bot');
  });

  it('answers bad usage with the usage text and exit code 1; --help with exit code 0', async () => {
    const none = await create([], tmp);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.include('Usage: npm create layer-bot');
    const template = await create(['x', '--template', 'channel'], tmp);
    expect(template.code).to.equal(1);
    expect(template.stderr).to.include('--template is bot or user');
    expect((await create(['x', '--colour'], tmp)).code).to.equal(1);
    expect(await readdir(tmp)).to.deep.equal([]);
    const help = await create(['--help'], tmp);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include('--template');
  });

  it('without --layer, depends on the matching release of layer', async () => {
    await create(['plain'], tmp);
    const starter = packageJson(join(CHECKOUT, 'starter'));
    expect(packageJson(join(tmp, 'plain')).dependencies.layer).to.equal(`^${starter.version}`);
  });

  it("the templates pin the checkout's versions of the packages they share with it", () => {
    const root = packageJson(CHECKOUT);
    const shared = { ...root.dependencies, ...root.devDependencies };
    for (const template of ['bot', 'user']) {
      const pkg = packageJson(join(CHECKOUT, 'starter/templates', template));
      for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
        if (name === 'layer') continue;
        expect(version, `${template}: ${name}`).to.equal(shared[name]);
      }
    }
  });
});
