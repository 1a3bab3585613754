/**
 * What an upload reads from: a path, bytes, a Node Readable or any async
 * iterable of byte chunks, all cut into parts of exactly `partSize` bytes
 * (the last one shorter), read only as fast as the parts go out.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FileInputError } from './errors.js';

export type FileSource = string | Uint8Array | AsyncIterable<Uint8Array>;

export interface OpenedSource {
  /** Bytes in the source, when known before reading it (a path, bytes, or the caller's `size`). */
  size: number | undefined;
  /** A default file name (a path's base name). */
  name: string | undefined;
  /** The parts, in order. */
  parts(partSize: number): AsyncIterable<Uint8Array>;
}

export async function openSource(source: FileSource, size?: number): Promise<OpenedSource> {
  if (typeof source === 'string') {
    let info;
    try {
      info = await stat(source);
    } catch (e) {
      throw new FileInputError(`cannot read ${source}: ${(e as Error).message}`);
    }
    if (!info.isFile()) throw new FileInputError(`${source} is not a regular file`);
    checkSize(size, info.size);
    return {
      size: info.size,
      name: basename(source),
      parts: (partSize) => exactParts(createReadStream(source, { highWaterMark: partSize }), partSize, info.size),
    };
  }
  if (source instanceof Uint8Array) {
    checkSize(size, source.length);
    return { size: source.length, name: undefined, parts: (partSize) => sliceParts(source, partSize) };
  }
  if (source && typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    return { size, name: undefined, parts: (partSize) => exactParts(source, partSize, size) };
  }
  throw new FileInputError(`cannot upload a ${source === null ? 'null' : typeof source}: give a path, a Uint8Array, a Readable or an AsyncIterable<Uint8Array>`);
}

function checkSize(given: number | undefined, actual: number): void {
  if (given !== undefined && given !== actual) throw new FileInputError(`size says ${given} bytes but the source has ${actual}`);
}

async function* sliceParts(bytes: Uint8Array, partSize: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += partSize) yield bytes.subarray(at, at + partSize);
}

/**
 * Re-cuts a stream's chunks into parts of exactly `partSize` bytes. A chunk
 * that already is one part passes through uncopied. With `expected`, a
 * stream that ends early or runs long is an error, not a silently short file.
 */
export async function* exactParts(chunks: AsyncIterable<Uint8Array>, partSize: number, expected?: number): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array | undefined;
  let filled = 0;
  let total = 0;
  for await (const chunk of chunks) {
    if (!(chunk instanceof Uint8Array)) throw new FileInputError(`the source gave a ${typeof chunk} chunk; a stream must give bytes (no setEncoding)`);
    total += chunk.length;
    if (expected !== undefined && total > expected) throw new FileInputError(`the source has more than the ${expected} bytes its size says`);
    let at = 0;
    if (filled === 0) {
      while (chunk.length - at >= partSize) {
        yield chunk.subarray(at, at + partSize);
        at += partSize;
      }
    }
    while (at < chunk.length) {
      pending ??= new Uint8Array(partSize);
      const n = Math.min(partSize - filled, chunk.length - at);
      pending.set(chunk.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === partSize) {
        yield pending;
        pending = undefined;
        filled = 0;
      }
    }
  }
  if (expected !== undefined && total < expected) throw new FileInputError(`the source ended after ${total} bytes; its size says ${expected}`);
  if (filled > 0) yield pending!.subarray(0, filled);
}
