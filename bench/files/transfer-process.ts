/**
 * The child process of bench/files: one library (named in argv[2]) connects
 * to the emulator the parent runs, then for each direction warms up with one
 * smaller transfer (its links open, its code paths hot) and times `rounds`
 * transfers of the whole file. Its own process, so the client's CPU
 * and memory are its own (the emulator answers from the parent, on the other
 * core) and no library warms the JIT or fills the heap for the next.
 * A failure fails its direction (the other still runs); it never throws.
 */
import type { DocRef, Library, OpenTransfers, Outcome, TransferJob, TransferResult, Transfers } from './job.js';
import { fileOf, reasonOf } from './job.js';

async function opener(library: Library): Promise<OpenTransfers> {
  switch (library) {
    case 'layer':
      return (await import('./layer.js')).openLayer;
    case 'GramJS':
      return (await import('./gramjs.js')).openGramJs;
    case 'mtcute':
      return (await import('./mtcute.js')).openMtcute;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** One warm-up transfer, then `rounds` timed ones. */
async function timed(job: TransferJob, warmUp: () => Promise<void>, transfer: () => Promise<void>): Promise<Outcome> {
  try {
    await withTimeout(warmUp(), job.timeoutMs);
    const seconds: number[] = [];
    const cpuSeconds: number[] = [];
    for (let round = 0; round < job.rounds; round++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await withTimeout(transfer(), job.timeoutMs);
      seconds.push((performance.now() - t0) / 1000);
      const cpu = process.cpuUsage(cpu0);
      cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    }
    return { seconds, cpuSeconds };
  } catch (e) {
    return { failed: reasonOf(e) };
  }
}

async function run(job: TransferJob): Promise<TransferResult> {
  // memoryUsage.rss() only reads the RSS (memoryUsage() walks the heap spaces: too dear to call every 20 ms).
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  let transfers: Transfers;
  try {
    transfers = await withTimeout((await opener(process.argv[2] as Library))(job.target, job.workers, job.parts), job.timeoutMs);
  } catch (e) {
    clearInterval(sampler);
    const failed = `sign-in: ${reasonOf(e)}`;
    return { upload: { failed }, download: { failed }, peakRss };
  }
  const bytes = fileOf(job.size);
  // BENCH_FILES_DIRECTIONS=upload (or download) runs one direction only, e.g. to profile it.
  const only = process.env.BENCH_FILES_DIRECTIONS;
  const skipped: Outcome = { failed: 'skipped (BENCH_FILES_DIRECTIONS)' };
  const upload = only && !only.includes('upload') ? skipped : await timed(job, () => transfers.upload(bytes.subarray(0, job.warmUp.size)), () => transfers.upload(bytes));
  const download = only && !only.includes('download') ? skipped : await timed(job, () => received(transfers, job.warmUp), () => received(transfers, job.doc));
  clearInterval(sampler);
  await withTimeout(transfers.close(), 2000).catch(() => undefined);
  return { upload, download, peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) };
}

async function received(transfers: Transfers, doc: DocRef): Promise<void> {
  const length = await transfers.download(doc);
  if (length !== doc.size) throw new Error(`received ${length} bytes of ${doc.size}`);
}

// A peer's stray rejection must not end the run: the direction it belongs to times out or fails on its own.
process.on('unhandledRejection', () => undefined);
process.once('message', (job: TransferJob) => {
  void run(job).then((result) => {
    process.send!(result);
    process.disconnect();
    // Peers may leave sockets or timers behind.
    setTimeout(() => process.exit(0), 500).unref();
  });
});
