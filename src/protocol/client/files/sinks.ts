/**
 * Where a download goes: a path (written at positions, so parts may land as
 * they come; removed on failure unless the caller keeps it to resume), a
 * Writable (written in order, with its backpressure), or memory.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { FileInputError, type PartialFile } from './errors.js';

export interface Sink {
  /** Writes the bytes that belong at `position` (relative to the download's start offset), in order. */
  write(bytes: Uint8Array, position: number): Promise<void>;
  /** All written: flush and close. */
  finish(): Promise<void>;
  /** Failed or cancelled: clean up and say what was left behind. */
  abort(): Promise<PartialFile | undefined>;
}

export type DownloadTarget = string | Writable;

export async function openSink(to: DownloadTarget, options: { offset: number; keepPartial: boolean }): Promise<Sink> {
  if (typeof to === 'string') return FileSink.open(to, options.offset, options.keepPartial);
  if (to && typeof (to as Writable).write === 'function') return new StreamSink(to as Writable);
  throw new FileInputError(`cannot download to a ${typeof to}: give a path or a Writable`);
}

class FileSink implements Sink {
  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly offset: number,
    private readonly keepPartial: boolean,
  ) {}

  /** A resumed download (offset > 0) writes into the existing file; a fresh one replaces it. */
  static async open(path: string, offset: number, keepPartial: boolean): Promise<FileSink> {
    try {
      const handle = offset > 0 ? await open(path, 'r+') : await open(path, 'w');
      if (offset > 0) await handle.truncate(offset);
      return new FileSink(path, handle, offset, keepPartial);
    } catch (e) {
      throw new FileInputError(`cannot write ${path}${offset > 0 ? ` from offset ${offset} (resuming needs the partial file)` : ''}: ${(e as Error).message}`);
    }
  }

  async write(bytes: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, this.offset + position + done);
      done += bytesWritten;
    }
  }

  async finish(): Promise<void> {
    await this.handle.close();
  }

  async abort(): Promise<PartialFile> {
    await this.handle.close().catch(() => {});
    if (this.keepPartial) return { path: this.path, kept: true };
    await rm(this.path, { force: true });
    return { path: this.path, kept: false };
  }
}

class StreamSink implements Sink {
  constructor(private readonly stream: Writable) {}

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stream.destroyed || this.stream.writableEnded) return reject(new FileInputError('the Writable was closed before the download ended'));
      const ok = this.stream.write(bytes, (error) => error && reject(error));
      if (ok) resolve();
      else {
        const onDrain = () => {
          this.stream.off('close', onClose);
          resolve();
        };
        const onClose = () => {
          this.stream.off('drain', onDrain);
          reject(new FileInputError('the Writable was closed before the download ended'));
        };
        this.stream.once('drain', onDrain);
        this.stream.once('close', onClose);
      }
    });
  }

  /** The caller's stream stays open: they may write more to it, and close it themselves. */
  async finish(): Promise<void> {}

  async abort(): Promise<undefined> {
    return undefined;
  }
}

/** Collects the download in memory: one buffer when the size is known, chunks joined at the end otherwise. */
export class MemorySink implements Sink {
  private buffer: Uint8Array | undefined;
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  constructor(size: number | undefined) {
    if (size !== undefined) this.buffer = new Uint8Array(size);
  }

  async write(bytes: Uint8Array, position: number): Promise<void> {
    if (this.buffer && position + bytes.length <= this.buffer.length) this.buffer.set(bytes, position);
    else {
      if (this.buffer) {
        // The file is longer than its declared size: keep everything, in order.
        this.chunks.push(this.buffer.subarray(0, position));
        this.buffer = undefined;
      }
      this.chunks.push(bytes);
    }
    this.length = Math.max(this.length, position + bytes.length);
  }

  async finish(): Promise<void> {}

  async abort(): Promise<undefined> {
    return undefined;
  }

  bytes(): Uint8Array {
    if (this.buffer) return this.buffer.subarray(0, this.length);
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
