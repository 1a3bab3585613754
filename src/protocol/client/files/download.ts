/**
 * Downloads: the ranges Telegram's rules allow, fetched by several workers
 * over the DC's transfer connections, written in order to a path, a Writable
 * or memory. At most `workers * 2` parts are held at once (fetched but not
 * yet written), so memory stays bounded whatever the file's size and the
 * destination's speed.
 */
import { Observable } from 'rxjs';
import { abortable, linkedController } from '../abort.js';
import { FileTransferAbortedError, FileTransferError, FileInputError } from './errors.js';
import { resolveFile, type ChooseOptions, type Downloadable } from './locations.js';
import { PartFetcher } from './part-fetcher.js';
import type { FileHost } from './host.js';
import { downloadPartSize, downloadRanges, type ByteRange } from './parts.js';
import { ProgressMeter, type ProgressListener, type TransferProgress } from './progress.js';
import type { FileOrigin } from './references.js';
import { MemorySink, openSink, type DownloadTarget, type Sink } from './sinks.js';

export interface DownloadOptions extends ChooseOptions {
  /** A path or a Writable; without it the bytes come back as a Uint8Array. */
  to?: DownloadTarget;
  /** Start here (resume): a path is written from this byte on, its earlier bytes kept. */
  offset?: number;
  /** On failure or cancel, keep the partial file at `to` (to resume from) instead of removing it. */
  keepPartial?: boolean;
  /** Bytes per getFile request: a power of two from 4 KiB to 1 MiB. Default 1 MiB (64 KiB for small files). */
  partSize?: number;
  /** Parts in flight at once, spread over the DC's transfer connections. Default: the client's `connections`. */
  workers?: number;
  /** Where the file came from, to refresh an expired file reference (set by itself when downloading from a message). */
  origin?: FileOrigin;
  /** Accept upload.fileCdnRedirect and download from a CDN DC. Default true. */
  cdn?: boolean;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** Downloads to `options.to` (resolving with the bytes written) or into memory (resolving with the bytes). */
export async function downloadFile(host: FileHost, input: Downloadable, options: DownloadOptions = {}): Promise<Uint8Array | number> {
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new FileInputError(`offset must be a non-negative integer, got ${offset}`);
  const file = resolveFile(input, options, options.origin);
  const total = file.size === undefined ? undefined : Math.max(0, file.size - offset);
  const meter = new ProgressMeter(total).listen(options.onProgress);
  const memory = options.to === undefined ? new MemorySink(total) : undefined;
  const sink = memory ?? (await openSink(options.to!, { offset, keepPartial: options.keepPartial ?? false }));
  const { controller, dispose } = linkedController(options.signal);
  try {
    if (file.inline) {
      const bytes = file.inline.subarray(offset);
      await sink.write(bytes, 0);
      meter.add(bytes.length);
    } else {
      const fetcher = new PartFetcher(host, file, options, options.cdn ?? true);
      await fetchInOrder({
        ranges: downloadRanges(offset, file.size, options.partSize ?? downloadPartSize(file.size)),
        from: offset,
        size: file.size,
        workers: options.workers ?? host.transfers.size,
        fetch: (range, worker) => fetcher.fetch(range, worker, controller.signal),
        write: async (bytes, position) => {
          await sink.write(bytes, position);
          meter.add(bytes.length);
        },
        signal: controller.signal,
        fail: (error) => controller.abort(error),
      });
    }
    await sink.finish();
    meter.finish();
  } catch (error) {
    controller.abort(error);
    const partial = await sink.abort().catch(() => undefined);
    const cancelled = options.signal?.aborted === true;
    throw new (cancelled ? FileTransferAbortedError : FileTransferError)('download', meter.bytes, partial, cancelled ? options.signal!.reason : error);
  } finally {
    dispose();
  }
  return memory ? memory.bytes() : meter.bytes;
}

/** The download as an Observable of progress; it starts on subscribe, and unsubscribing cancels it. The last event carries the bytes when `to` is not given. */
export function download$(host: FileHost, input: Downloadable, options: Omit<DownloadOptions, 'onProgress' | 'signal'> = {}): Observable<TransferProgress & { data?: Uint8Array }> {
  return new Observable((subscriber) => {
    const controller = new AbortController();
    let last: TransferProgress = { bytes: 0, rate: 0 };
    downloadFile(host, input, { ...options, signal: controller.signal, onProgress: (p) => subscriber.next((last = p)) }).then(
      (result) => {
        if (result instanceof Uint8Array) subscriber.next({ ...last, data: result });
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => controller.abort(new Error('the download$ subscription was unsubscribed'));
  });
}

interface InOrder {
  ranges: Iterator<ByteRange>;
  /** The first byte wanted: bytes of the first range before it are dropped. */
  from: number;
  /** Bytes past it are dropped; unknown: the first short part ends the file. */
  size: number | undefined;
  workers: number;
  fetch(range: ByteRange, worker: number): Promise<Uint8Array>;
  write(bytes: Uint8Array, position: number): Promise<void>;
  signal: AbortSignal;
  /** Stops the other workers (a worker failed). */
  fail(error: unknown): void;
}

/** Runs `workers` fetch loops and one in-order writer; the first error stops them all. */
async function fetchInOrder(job: InOrder): Promise<void> {
  if (!Number.isInteger(job.workers) || job.workers < 1) throw new FileInputError(`workers must be a positive integer, got ${job.workers}`);
  const window = job.workers * 2;
  const done = new Map<number, { range: ByteRange; bytes: Uint8Array }>();
  let next = 0;
  let written = 0;
  let position = 0;
  /** Index of the part that ended the file (short or empty), once seen. */
  let last = Infinity;
  let wake: (() => void) | undefined;
  let writer: Promise<void> = Promise.resolve();

  const spaceFreed = () =>
    abortable(
      new Promise<void>((resolve) => {
        const prev = wake;
        wake = () => {
          prev?.();
          resolve();
        };
      }),
      job.signal,
    );

  const drain = async () => {
    for (let part = done.get(written); part && written <= last; part = done.get(written)) {
      done.delete(written);
      const skip = written === 0 ? job.from - part.range.offset : 0;
      const end = job.size === undefined ? part.bytes.length : Math.min(part.bytes.length, job.size - part.range.offset);
      const bytes = part.bytes.subarray(skip, Math.max(skip, end));
      if (bytes.length) await job.write(bytes, position);
      position += bytes.length;
      written++;
      const w = wake;
      wake = undefined;
      w?.();
    }
  };

  const worker = async (id: number) => {
    for (;;) {
      job.signal.throwIfAborted();
      if (next >= written + window) {
        await spaceFreed();
        continue;
      }
      if (next > last) return;
      const step = job.ranges.next();
      if (step.done) return;
      const index = next++;
      const bytes = await job.fetch(step.value, id);
      if (bytes.length < step.value.limit) last = Math.min(last, index);
      done.set(index, { range: step.value, bytes });
      writer = writer.then(drain);
      await writer;
    }
  };

  const results = await Promise.allSettled(Array.from({ length: job.workers }, (_, i) =>
      worker(i).catch((error: unknown) => {
        job.fail(error);
        throw error;
      }),
    ));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  await writer;
  if (job.size !== undefined && job.from + position < job.size) {
    throw new Error(`the server ended the file at ${job.from + position} bytes; its size is ${job.size}`);
  }
}
