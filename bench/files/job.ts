/**
 * What the parent of bench/files sends a transfer child, what the child
 * answers, and what each library's side of the bench offers. Plain JSON over
 * IPC: bigints and bytes travel as strings.
 */
import { randomBytes } from 'node:crypto';
import type { Target } from '../dispatch/target.js';

export type Library = 'layer' | 'GramJS' | 'mtcute';

/** A document the emulator holds, as an inputDocumentFileLocation needs it. */
export interface DocRef {
  id: string;
  accessHash: string;
  /** Hex. */
  fileReference: string;
  dcId: number;
  size: number;
}

export interface TransferJob {
  target: Target;
  doc: DocRef;
  /** A smaller document (and upload size) to warm up with. */
  warmUp: DocRef;
  /** Bytes to upload (the child makes them) and to download. */
  size: number;
  rounds: number;
  /** Each library's parallelism knob, where it has one (see bench/files.ts). */
  workers: number;
  /** Part sizes in KiB instead of the library's defaults (mtcute only: the others have 512 up and 1024 down, or no knob). */
  parts?: PartSizes;
  /** One transfer longer than this fails its direction. */
  timeoutMs: number;
}

/** Seconds per timed round (wall clock, and the client process's CPU), or why the direction failed. */
export type Outcome = { seconds: number[]; cpuSeconds: number[] } | { failed: string };

export interface TransferResult {
  upload: Outcome;
  download: Outcome;
  /** The child's peak RSS over the whole run, bytes. */
  peakRss: number;
}

/** One library's client, signed in as the bench bot. */
export interface Transfers {
  upload(bytes: Uint8Array): Promise<void>;
  /** Downloads the document into memory; resolves with the byte count received. */
  download(doc: DocRef): Promise<number>;
  close(): Promise<void>;
}

export interface PartSizes {
  upload: number;
  download: number;
}

export type OpenTransfers = (target: Target, workers: number, parts?: PartSizes) => Promise<Transfers>;

const MIB = 1024 * 1024;

/** A file of `size` bytes: a random MiB repeated (random enough for AES and sha256, cheap to make). */
export function fileOf(size: number): Uint8Array {
  const block = randomBytes(MIB);
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += MIB) out.set(block.subarray(0, Math.min(MIB, size - at)), at);
  return out;
}

/** The first line of an error, for a table cell. */
export const reasonOf = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0];
