/**
 * Uploads: the source read part by part, the parts sent by several workers
 * over the DC's transfer connections (upload.saveFilePart below 10 MB, with
 * the file's md5; upload.saveBigFilePart from 10 MB). At most `workers` parts
 * are held at once. A stream of unknown length is read ahead up to 10 MB to
 * learn which kind it is: every saveBigFilePart carries the part count, so a
 * longer stream needs its `size` given. Telegram stores no empty files.
 */
import { createHash } from 'node:crypto';
import { Observable } from 'rxjs';
import type { tl } from '../../../schema/index.js';
import { randomLong } from '../../crypto/hash.js';
import { RpcError } from '../../mtproto/errors.js';
import { RequestTimeoutError } from '../errors.js';
import { abortable, linkedController } from '../abort.js';
import { FileInputError, FileTransferAbortedError, FileTransferError } from './errors.js';
import type { FileHost } from './host.js';
import { BIG_FILE_FROM, uploadPlan } from './parts.js';
import { ProgressMeter, type ProgressListener, type TransferProgress } from './progress.js';
import { openSource, type FileSource } from './sources.js';

export interface UploadOptions {
  /** The file name Telegram keeps (default: a path's base name, else 'file'). */
  name?: string;
  /** The source's length, when a stream's is known: the right method from the first part, and a check that it is all there. */
  size?: number;
  /** Bytes per part: a power of two from 1 KiB to 512 KiB. Default by size. */
  partSize?: number;
  /** Parts in flight at once. Default: the client's `connections`. */
  workers?: number;
  /** Upload to this DC (default: the home DC). */
  dcId?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export type UploadedFile = tl.InputFile | tl.InputFileBig;

/** Saves the source's parts on the server; the result goes into inputMediaUploadedPhoto/Document. */
export async function uploadFile(host: FileHost, source: FileSource, options: UploadOptions = {}): Promise<UploadedFile> {
  const opened = await openSource(source, options.size);
  if (opened.size === 0) throw new FileInputError('the file is empty: Telegram does not store empty files (FILE_PART_EMPTY)');
  const plan = uploadPlan(opened.size, options.partSize);
  const workers = options.workers ?? host.transfers.size;
  if (!Number.isInteger(workers) || workers < 1) throw new FileInputError(`workers must be a positive integer, got ${workers}`);
  const name = options.name ?? opened.name ?? 'file';
  const fileId = randomLong();
  const meter = new ProgressMeter(opened.size).listen(options.onProgress);
  const { controller, dispose } = linkedController(options.signal);

  const parts = opened.parts(plan.partSize)[Symbol.asyncIterator]();
  const md5 = createHash('md5');
  let big = plan.big;
  let totalParts = plan.parts;
  let index = 0;
  let ended = false;
  // Parts read ahead (an unknown length is read up to 10 MB before the first part goes out).
  const ahead: Uint8Array[] = [];
  let aheadBytes = 0;
  const readOne = async (): Promise<boolean> => {
    const step = await parts.next();
    if (step.done) return !(ended = true);
    ahead.push(step.value);
    aheadBytes += step.value.length;
    if (!big) md5.update(step.value);
    return true;
  };
  let reading: Promise<unknown> = Promise.resolve();
  /** The next part, its index, and the part count; serialized across workers. */
  const nextPart = () => {
    const turn = reading.then(async () => {
      if (!ended && ahead.length === 0) await readOne();
      const bytes = ahead.shift();
      if (!bytes) return undefined;
      aheadBytes -= bytes.length;
      const i = index++;
      return { bytes, index: i, total: totalParts! };
    });
    reading = turn.catch(() => {});
    return turn;
  };

  try {
    if (opened.size === undefined) {
      // Which method: read until 10 MB or the end.
      big = false;
      while (!ended && aheadBytes < BIG_FILE_FROM) await abortable(readOne(), controller.signal);
      if (!ended) throw new FileInputError(`a stream of unknown length reached ${BIG_FILE_FROM} bytes: pass its size (options.size) to upload it as a big file`);
      if (ahead.length === 0) throw new FileInputError('the stream is empty: Telegram does not store empty files (FILE_PART_EMPTY)');
      totalParts = ahead.length;
    }
    const save = async (worker: number) => {
      for (;;) {
        controller.signal.throwIfAborted();
        // A source that stalls must not hold a cancel up.
        const part = await abortable(nextPart(), controller.signal);
        if (!part) return;
        const request: tl.upload.SaveBigFilePartRequest | tl.upload.SaveFilePartRequest = big
          ? { _: 'upload.saveBigFilePart', fileId, filePart: part.index, fileTotalParts: part.total, bytes: part.bytes }
          : { _: 'upload.saveFilePart', fileId, filePart: part.index, bytes: part.bytes };
        await savePart(host, request, { dcId: options.dcId, connection: worker, signal: controller.signal });
        meter.add(part.bytes.length);
      }
    };
    const results = await Promise.allSettled(Array.from({ length: workers }, (_, i) => save(i).catch((e) => (controller.abort(e), Promise.reject(e)))));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    meter.finish();
  } catch (error) {
    controller.abort(error);
    // Closes the source once any read in progress ends; not awaited, since that read may never end.
    void Promise.resolve(parts.return?.()).catch(() => {});
    const cancelled = options.signal?.aborted === true;
    if (error instanceof FileInputError && !cancelled) throw error;
    throw new (cancelled ? FileTransferAbortedError : FileTransferError)('upload', meter.bytes, undefined, cancelled ? options.signal!.reason : error);
  } finally {
    dispose();
  }
  return big ? { _: 'inputFileBig', id: fileId, parts: index, name } : { _: 'inputFile', id: fileId, parts: index, name, md5Checksum: md5.digest('hex') };
}

/** A part saved twice is the same part: so, unlike other writes, it is safe to resend after a timeout or a 500. */
async function savePart(host: FileHost, request: tl.upload.SaveFilePartRequest | tl.upload.SaveBigFilePartRequest, options: { dcId?: number; connection?: number; signal: AbortSignal }): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const ok = await host.invoke<tl.upload.SaveFilePartRequest>(request as tl.upload.SaveFilePartRequest, options);
      if (!ok) throw new RpcError(400, 'FILE_PART_REFUSED', request._);
      return;
    } catch (e) {
      const transient = e instanceof RequestTimeoutError || (e instanceof RpcError && (e.code === 500 || e.code === -503));
      if (!transient || attempt >= 2 || options.signal.aborted) throw e;
    }
  }
}

/** The upload as an Observable of progress; the last event carries the uploaded file. Unsubscribing cancels it. */
export function upload$(host: FileHost, source: FileSource, options: Omit<UploadOptions, 'onProgress' | 'signal'> = {}): Observable<TransferProgress & { file?: UploadedFile }> {
  return new Observable((subscriber) => {
    const controller = new AbortController();
    let last: TransferProgress = { bytes: 0, rate: 0 };
    uploadFile(host, source, { ...options, signal: controller.signal, onProgress: (p) => subscriber.next((last = p)) }).then(
      (file) => {
        subscriber.next({ ...last, file });
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => controller.abort(new Error('the upload$ subscription was unsubscribed'));
  });
}
