/**
 * A file rule Telegram enforces was broken (FILE_PART_INVALID,
 * FILE_REFERENCE_EXPIRED, …): the RPC layer answers it as that rpc_error.
 */
export class FileError extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`);
  }
}

export const fileError = (errorMessage: string, code = 400) => new FileError(code, errorMessage);
