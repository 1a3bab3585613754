/**
 * File transfer benchmark, on loopback against the emulator: upload and
 * download MB/s of a 100 MB file by layer, GramJS and mtcute, side by side,
 * set against the AES-IGE throughput of this machine measured in the same run.
 *
 * Each library runs in a child process of its own (bench/files/transfer-process.ts)
 * against a fresh emulator in this process, so the client's work and the
 * emulator's (AES-IGE both ways, sha256 for msg_key) land on different cores;
 * the figures are still end-to-end loopback figures, bounded by the emulator too.
 * Per direction: one warm-up transfer of 16 MB (links open, code hot), then
 * BENCH_FILES_ROUNDS (default 3) timed ones of the whole file; the table shows
 * the median and the range.
 *
 * Parallelism, each library's own knob set to WORKERS (4) where it has one:
 * layer `workers` (parts in flight, one per transfer link, `connections: 4`);
 * GramJS `uploadFile({ workers })` (parts in flight on its one connection; its
 * downloadFile has no knob and fetches one part at a time); mtcute
 * `network.connectionCount` for upload and download connections (it keeps 3
 * requests in flight on each, fixed). Part sizes are each library's default
 * (layer: 512 KiB up, 1 MiB down; GramJS and mtcute: 512 KiB both ways).
 *
 * BENCH_FILES_1GB=1 adds layer's peak RSS while downloading a 1 GB file to disk
 * (about 30 s more); BENCH_FILES_MB changes the 100 MB; BENCH_FILES_LIBRARIES=layer,mtcute
 * runs only those.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';
import { igeDecrypt, igeEncrypt } from '../src/protocol/crypto/index.js';
import type { tl } from '../src/schema/index.js';
import type { Target } from './dispatch/target.js';
import { measure, type BenchRow } from './harness.js';
import { fileOf, reasonOf, type DocRef, type Library, type Outcome, type TransferJob, type TransferResult } from './files/job.js';
import { peakRssOf1GbDownload } from './files/peak-rss.js';

const MB = 1e6;
const MIB = 1024 * 1024;
const WORKERS = 4;
const WARM_UP = 16 * MB;
const LIBRARIES = (process.env.BENCH_FILES_LIBRARIES?.split(',') ?? ['layer', 'GramJS', 'mtcute']) as Library[];
const KNOB: Record<Library, string> = {
  layer: `workers ${WORKERS}, ${WORKERS} links`,
  GramJS: `up: workers ${WORKERS} on 1 connection; down: no knob, 1 part at a time`,
  mtcute: `${WORKERS} connections x 3 requests`,
};

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export const IGE_ENCRYPT = 'AES-IGE encrypt 512 KiB, MB/s';
export const IGE_DECRYPT = 'AES-IGE decrypt 512 KiB, MB/s';

export async function benchFiles(): Promise<BenchRow[]> {
  const size = Math.round(env('BENCH_FILES_MB', 100) * MB);
  const label = `${size / MB} MB`;
  const rounds = env('BENCH_FILES_ROUNDS', 3);
  const ige = igeThroughput();
  const rows: BenchRow[] = [
    { library: 'layer', case: IGE_ENCRYPT, opsPerSec: ige.encrypt, note: 'this run; the ceiling for uploads' },
    { library: 'layer', case: IGE_DECRYPT, opsPerSec: ige.decrypt, note: 'this run; the ceiling for downloads' },
  ];
  const results = new Map<Library, TransferResult>();
  for (const library of LIBRARIES) results.set(library, await runLibrary(library, { size, rounds }));
  for (const [direction, ceiling, igeName] of [['upload', ige.encrypt, 'encrypt'], ['download', ige.decrypt, 'decrypt']] as const) {
    for (const library of LIBRARIES) {
      const result = results.get(library)!;
      rows.push(transferRow(library, `${direction} ${label}, MB/s`, result[direction], size, result.peakRss, `${igeName}`, ceiling));
    }
  }
  if (process.env.BENCH_FILES_1GB) rows.push(await oneGigabyte());
  return rows;
}

/** MB/s of layer's IGE on 512 KiB (the size of an upload part), median of 5 rounds. */
function igeThroughput(): { encrypt: number; decrypt: number } {
  const key = randomBytes(32);
  const iv = randomBytes(32);
  const plain = randomBytes(512 * 1024);
  const cipher = igeEncrypt(plain, key, iv);
  const mbps = (ops: number) => (ops * plain.length) / MB;
  return { encrypt: mbps(measure(() => igeEncrypt(plain, key, iv))), decrypt: mbps(measure(() => igeDecrypt(cipher, key, iv))) };
}

/** A fresh emulator with the document to download, and one child running the library against it. */
async function runLibrary(library: Library, { size, rounds }: { size: number; rounds: number }): Promise<TransferResult> {
  const emulator = await startEmulator({ cdnDc: false });
  try {
    const bot = emulator.createBot({ username: `files_${library.toLowerCase()}_bot`, dcId: 2 });
    const bytes = fileOf(size);
    const doc = emulator.files.put(bot.userId, bytes, { name: 'bench.bin' }) as tl.Document;
    const warmUp = emulator.files.put(bot.userId, bytes.subarray(0, Math.min(size, WARM_UP)), { name: 'warm-up.bin' }) as tl.Document;
    const target: Target = { dcs: emulator.dcs, publicKeyPem: emulator.publicKeyPem, fingerprint: emulator.fingerprint.toString(), dcId: bot.dcId, token: bot.token };
    const job: TransferJob = {
      target,
      doc: refOf(doc),
      warmUp: refOf(warmUp),
      size,
      rounds,
      workers: WORKERS,
      timeoutMs: 120_000,
    };
    const child = fork(fileURLToPath(new URL('./files/transfer-process.js', import.meta.url)), [library], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.send(job);
    return await new Promise<TransferResult>((resolve) => {
      child.once('message', (m) => resolve(m as TransferResult));
      child.once('exit', (code) => {
        const failed = `the child exited with ${code}`;
        resolve({ upload: { failed }, download: { failed }, peakRss: 0 });
      });
    });
  } catch (e) {
    const failed = reasonOf(e);
    return { upload: { failed }, download: { failed }, peakRss: 0 };
  } finally {
    await emulator.close();
  }
}

const refOf = (doc: tl.Document): DocRef => ({
  id: doc.id.toString(),
  accessHash: doc.accessHash.toString(),
  fileReference: Buffer.from(doc.fileReference).toString('hex'),
  dcId: doc.dcId,
  size: Number(doc.size),
});

function transferRow(library: Library, name: string, outcome: Outcome, size: number, peakRss: number, igeName: string, ige: number): BenchRow {
  if ('failed' in outcome) return { library, case: name, opsPerSec: NaN, note: `failed: ${outcome.failed}` };
  const rates = outcome.seconds.map((s) => size / MB / s).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)];
  const spread = `${rates[0].toFixed(0)}..${rates[rates.length - 1].toFixed(0)}`;
  const percent = ((median / ige) * 100).toFixed(0);
  // MB per second of the client's own CPU: what the library costs, whatever else the machine is doing.
  const perCpu = outcome.cpuSeconds.map((s) => size / MB / s).sort((a, b) => a - b);
  const cpu = `${perCpu[Math.floor(perCpu.length / 2)].toFixed(0)} MB/CPU-s`;
  return { library, case: name, opsPerSec: median, note: `${percent}% of IGE ${igeName}; rounds ${spread}; ${cpu}; ${KNOB[library]}; peak RSS ${(peakRss / MIB).toFixed(0)} MiB` };
}

async function oneGigabyte(): Promise<BenchRow> {
  const name = 'download 1 GB to disk, MB/s';
  const emulator = await startEmulator({ cdnDc: false });
  try {
    const bot = emulator.createBot({ username: 'files_rss_bot', dcId: 2 });
    const { seconds, peakRss } = await peakRssOf1GbDownload(emulator, bot);
    return { library: 'layer', case: name, opsPerSec: (1024 * MIB) / MB / seconds, note: `peak RSS ${(peakRss / MIB).toFixed(0)} MiB (target < 150)` };
  } catch (e) {
    return { library: 'layer', case: name, opsPerSec: NaN, note: `failed: ${reasonOf(e)}` };
  } finally {
    await emulator.close();
  }
}

/** The targets, read off the rows: layer against the faster peer, and against IGE. */
export function filesSummary(rows: BenchRow[]): string[] {
  const lines: string[] = [];
  for (const direction of ['upload', 'download']) {
    const of = rows.filter((r) => r.case.startsWith(`${direction} `) && !r.case.includes('1 GB'));
    const layer = of.find((r) => r.library === 'layer');
    const peers = of.filter((r) => r.library !== 'layer' && Number.isFinite(r.opsPerSec)).sort((a, b) => b.opsPerSec - a.opsPerSec);
    const ige = rows.find((r) => r.case === (direction === 'upload' ? IGE_ENCRYPT : IGE_DECRYPT));
    if (!layer || !Number.isFinite(layer.opsPerSec)) {
      lines.push(`${direction}: layer failed`);
      continue;
    }
    const versus = peers[0] ? `layer/faster peer (${peers[0].library}) ${(layer.opsPerSec / peers[0].opsPerSec).toFixed(2)}x (target >= 2)` : 'no peer finished';
    const share = ige ? `; ${((layer.opsPerSec / ige.opsPerSec) * 100).toFixed(0)}% of IGE (target >= 70%)` : '';
    lines.push(`${direction}: ${versus}${share}`);
  }
  return lines;
}
