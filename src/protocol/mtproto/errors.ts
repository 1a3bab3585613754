/** Errors of the MTProto session: what the server refused, and why a request failed. */

/** An rpc_error from the server, for the request that caused it. */
export class RpcError extends Error {
  override readonly name: string = 'RpcError';
  // Subclasses (FloodWaitError, MigrateError, ...) are in rpc-errors.ts; `rpcError()` picks the class.
  constructor(
    readonly code: number,
    readonly errorMessage: string,
    readonly method: string,
  ) {
    super(`${method} failed: ${code} ${errorMessage}`);
  }
}

/**
 * bad_msg_notification with a code the session cannot fix by itself.
 * 16/17 (clock) and 48 (salt) are fixed and resent; the rest fail the request.
 */
export class BadMessageError extends Error {
  override readonly name = 'BadMessageError';
  constructor(
    readonly code: number,
    readonly method: string,
  ) {
    super(`${method} was refused by the server: bad_msg_notification ${code} (${BAD_MSG_REASONS[code] ?? 'unknown code'})`);
  }
}

const BAD_MSG_REASONS: Record<number, string> = {
  16: 'msg_id too low: the clock is behind',
  17: 'msg_id too high: the clock is ahead',
  18: 'msg_id has wrong lower bits',
  19: 'container msg_id repeats an earlier one',
  20: 'message too old, the server no longer knows whether it was received',
  32: 'seqno too low',
  33: 'seqno too high',
  34: 'an odd seqno where a service message needs an even one',
  35: 'an even seqno where a content message needs an odd one',
  48: 'wrong server salt',
  64: 'invalid container',
};

/** A request that ended without an answer: the session was closed or reset. */
export class RequestAbortedError extends Error {
  override readonly name = 'RequestAbortedError';
  constructor(
    readonly method: string,
    reason: string,
  ) {
    super(`${method} was aborted: ${reason}`);
  }
}
