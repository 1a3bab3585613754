/**
 * layer's peak RSS while downloading a 1 GB document to disk, measured in a
 * child process so the emulator's memory (it holds the 1 GB) does not count.
 * About 30 s and 2+ GB of memory, so bench/files runs it only when asked.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../../src/emulator/index.js';
import { Client } from '../../src/protocol/client/client.js';
import type { tl } from '../../src/schema/index.js';
import type { Target } from '../dispatch/target.js';
import { fileOf, type DocRef } from './job.js';
import { locationOf } from './layer.js';

const MIB = 1024 * 1024;

export interface PeakRss {
  seconds: number;
  /** Bytes. */
  peakRss: number;
}

interface DownloadJob {
  target: Target;
  doc: DocRef;
  path: string;
}

/** Puts a 1 GB document in the emulator and downloads it to a temporary file in a child process. */
export async function peakRssOf1GbDownload(emulator: Emulator, bot: { userId: bigint; token: string; dcId: number }): Promise<PeakRss> {
  const size = 1024 * MIB;
  const doc = emulator.files.put(bot.userId, fileOf(size), { name: 'big.bin' }) as tl.Document;
  const dir = mkdtempSync(join(tmpdir(), 'layer-bench-'));
  const path = join(dir, 'big.bin');
  try {
    const target: Target = { dcs: emulator.dcs, publicKeyPem: emulator.publicKeyPem, fingerprint: emulator.fingerprint.toString(), dcId: bot.dcId, token: bot.token };
    const job: DownloadJob = { target, doc: { id: doc.id.toString(), accessHash: doc.accessHash.toString(), fileReference: Buffer.from(doc.fileReference).toString('hex'), dcId: doc.dcId, size }, path };
    const child = fork(fileURLToPath(import.meta.url), ['--download-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.send(job);
    const result = await new Promise<PeakRss>((resolve, reject) => {
      child.once('message', (m) => resolve(m as PeakRss));
      child.once('exit', (code) => code !== 0 && reject(new Error(`the download child exited with ${code}`)));
    });
    if (statSync(path).size !== size) throw new Error('the 1 GB download is short');
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child: signs in, downloads the document to the path, samples its own RSS meanwhile. */
async function downloadChild(job: DownloadJob): Promise<void> {
  const { target, doc } = job;
  const client = new Client({ dcs: target.dcs, rsaKeys: [{ pem: target.publicKeyPem }], apiId: 1, apiHash: 'bench', dcId: target.dcId, updates: false });
  await client.connect();
  await client.signInBot(target.token);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  await client.downloadFile({ location: locationOf(doc), dcId: doc.dcId, size: doc.size }, { to: job.path });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  // The kernel's high-water mark for this process (VmHWM). Not resourceUsage().maxRSS: Linux carries
  // ru_maxrss across fork+exec, so a child would report its parent's peak (the emulator's 1 GB file).
  peak = Math.max(peak, process.memoryUsage().rss, highWaterMark() ?? 0);
  await client.close();
  process.send!({ seconds, peakRss: peak } satisfies PeakRss);
  process.disconnect();
}

function highWaterMark(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined; // not Linux: the sampled figure stands
  }
}

if (process.argv[2] === '--download-child') process.once('message', (m) => void downloadChild(m as DownloadJob).catch((e) => (console.error(e), process.exit(1))));
