import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chooseMode, loadEnv, parseDotEnv } from '../../demo/env.js';
import { rsaFingerprint, telegramServers, telegramTestServers } from '../../src/protocol/index.js';

const DEMO = fileURLToPath(new URL('../../demo/index.js', import.meta.url));

/** Runs the demo as `npm start` does, in an empty folder (no .env) with no credentials unless given. */
function runDemo(env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'layer-demo-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['API_ID', 'API_HASH', 'BOT_TOKEN', 'PHONE', 'SESSION'].includes(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, [DEMO], { cwd, env: { ...clean, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('demo: npm start', function () {
  it('without credentials: plays the scripted conversation on the emulator, prints each step, and exits 0 on its own', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
    const steps = [
      /no API_ID \/ API_HASH \/ BOT_TOKEN found, so the bot runs on the embedded emulator/,
      /@layer_demo_bot is logged in with its token/,
      /Alice: \/start\n {2}@layer_demo_bot: "Hello Alice! I am a layer bot\./,
      /Alice: \/vote\n {2}@layer_demo_bot: "Tea or coffee\?" \[Tea\] \[Coffee\]/,
      /Alice presses \[Coffee\]\n {2}@layer_demo_bot answers the button: "You voted coffee"/,
      /edits its message: "Tea or coffee\? Votes: tea 0 · coffee 1" \[Tea\] \[Coffee\]/,
      /Alice types "@layer_demo_bot cats"\n {2}@layer_demo_bot offers: "CATS", "cats, in bold"/,
      /Alice sends the first: "CATS" \(via @layer_demo_bot\)/,
      /Alice: \/file\n(?: +uploading report\.txt \[[█░]{20}\] +\d+%.*\n)+/,
      /uploading report\.txt \[█{20}\] 100% {2}1\.5 MB of 1\.5 MB/,
      /@layer_demo_bot: \[document report\.txt, 1\.5 MB, text\/plain\] "Here is your report\."/,
      /Alice downloads it: 1572924 bytes/,
      /Done in \d+\.\d s\./,
    ];
    for (const step of steps) expect(stdout).to.match(step);
    // The steps come in this order.
    const at = steps.map((s) => stdout.search(s));
    expect(at).to.deep.equal([...at].sort((a, b) => a - b));
  });

  it('with API_ID but no API_HASH: says what is missing and exits 1, before connecting anywhere', async () => {
    const { code, stdout, stderr } = await runDemo({ API_ID: '12345' });
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.include('API_HASH is missing: both come from https://my.telegram.org/apps');
  });
});

describe('demo: settings', () => {
  it('parseDotEnv reads KEY=value lines, export, comments and quotes', () => {
    const text = ['# credentials', 'API_ID=12345', 'export API_HASH = "0123abcd" ', "BOT_TOKEN='1:AA#not a comment'", 'PHONE=+44 7700 900123 # mine', 'QUOTED="a\\"b\\nc"', 'not a line', '', '1BAD=x'].join('\n');
    expect(parseDotEnv(text)).to.deep.equal({ API_ID: '12345', API_HASH: '0123abcd', BOT_TOKEN: '1:AA#not a comment', PHONE: '+44 7700 900123', QUOTED: 'a"b\nc' });
    expect(parseDotEnv('A=1\r\nB=2\r\n')).to.deep.equal({ A: '1', B: '2' });
  });

  it('loadEnv: the environment wins over .env; no .env is no error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layer-env-'));
    try {
      writeFileSync(join(dir, '.env'), 'API_ID=1\nAPI_HASH=fromfile\n');
      expect(loadEnv(join(dir, '.env'), { API_HASH: 'fromenv' })).to.deep.equal({ API_ID: '1', API_HASH: 'fromenv' });
      expect(loadEnv(join(dir, 'missing.env'), { A: 'x' })).to.deep.equal({ A: 'x' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('chooseMode: emulator without credentials; Telegram with API_ID and API_HASH; a clear problem otherwise', () => {
    expect(chooseMode({}, 's')).to.deep.equal({ kind: 'emulator' });
    expect(chooseMode({ API_ID: '7', API_HASH: 'h', BOT_TOKEN: '1:x' }, 'demo.session')).to.deep.equal({ kind: 'telegram', apiId: 7, apiHash: 'h', botToken: '1:x', phone: undefined, session: 'demo.session' });
    expect(chooseMode({ API_ID: '7', API_HASH: 'h', PHONE: '+1', SESSION: 'mine.session' }, 'x')).to.include({ kind: 'telegram', phone: '+1', session: 'mine.session', botToken: undefined });
    expect(chooseMode({ BOT_TOKEN: '1:x' }, 's')).to.include({ kind: 'misconfigured' });
    expect((chooseMode({ API_ID: 'abc', API_HASH: 'h' }, 's') as { problem: string }).problem).to.include('API_ID must be the number');
  });

  it("telegramServers: Telegram's DCs on 443, each key's fingerprint its own", () => {
    expect(telegramServers.dcs.map((d) => [d.id, d.port])).to.deep.equal([1, 2, 3, 4, 5].map((id) => [id, 443]));
    expect(telegramServers.dcs.find((d) => d.id === 2)?.host).to.equal('149.154.167.51');
    expect(telegramTestServers.dcs.map((d) => d.id)).to.deep.equal([1, 2, 3]);
    for (const servers of [telegramServers, telegramTestServers]) {
      for (const key of servers.rsaKeys) expect(rsaFingerprint(key.pem)).to.equal(key.fingerprint);
    }
    expect(telegramServers.rsaKeys[0]?.fingerprint).to.equal(-3414540481677951611n);
  });
});
