/** Errors of file transfers: each says what happened to the bytes already moved. */

/** What a failed or cancelled download left on disk: the partial file removed, or kept because the caller asked to resume. */
export interface PartialFile {
  path: string;
  kept: boolean;
}

/**
 * A transfer stopped before its end: cancelled by the caller's AbortSignal, or
 * failed. `bytes` is what reached the destination, in order, from the start
 * offset; `partial` says whether a partial file was removed or kept.
 */
export class FileTransferError extends Error {
  override readonly name: string = 'FileTransferError';
  constructor(
    readonly direction: 'upload' | 'download',
    /** Bytes delivered in order (downloads: written from `offset`; uploads: parts the server acknowledged). */
    readonly bytes: number,
    readonly partial: PartialFile | undefined,
    override readonly cause: unknown,
  ) {
    super(`${direction} stopped after ${bytes} bytes: ${describe(cause)}${partialNote(partial)}`);
  }
}

/** The caller's AbortSignal fired. */
export class FileTransferAbortedError extends FileTransferError {
  override readonly name = 'FileTransferAbortedError';
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause ?? 'aborted');
}

function partialNote(partial: PartialFile | undefined): string {
  if (!partial) return '';
  return partial.kept
    ? `; the partial file ${partial.path} was kept (keepPartial): resume with offset = the bytes already there`
    : `; the partial file ${partial.path} was removed`;
}

/**
 * A CDN DC served bytes whose SHA-256 does not match the hash the master DC
 * gave: the data is dropped, never delivered (a security check, like
 * SecurityError's, named by `check`).
 */
export class CdnHashMismatchError extends Error {
  override readonly name = 'CdnHashMismatchError';
  readonly check = 'cdn-file-hash';
  constructor(
    readonly offset: number,
    readonly limit: number,
    readonly got: Uint8Array,
    readonly expected: Uint8Array,
  ) {
    super(`cdn-file-hash: the CDN block at offset ${offset} (${limit} bytes) does not match its sha256 from the master DC; nothing of it was delivered`);
  }
}

/** Bad input to a file method: a source that is not bytes, a size that does not match, media with nothing to download. */
export class FileInputError extends TypeError {
  override readonly name = 'FileInputError';
}

/** The file reference expired and its origin (message, profile photo) no longer yields the file. */
export class FileOriginError extends Error {
  override readonly name = 'FileOriginError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
