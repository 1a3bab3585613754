/**
 * Errors of the protocol layer that more than one module raises.
 * Session-level errors (RpcError & co.) live in `mtproto/errors.ts`.
 */

export interface CheckDetails {
  got?: unknown;
  expected?: unknown;
}

/**
 * A security check failed: msg_key, padding, msg_id, a DH parameter, an RSA or
 * SRP value. `check` names the check (`'msg-key'`, `'dh-prime'`, ...); the
 * data that failed it must be dropped, never used.
 */
export class SecurityError extends Error {
  override readonly name = 'SecurityError';
  readonly got?: unknown;
  readonly expected?: unknown;
  constructor(
    readonly check: string,
    message: string,
    details: CheckDetails = {},
  ) {
    super(`${check}: ${message}`);
    this.got = details.got;
    this.expected = details.expected;
  }
}

/** A caller passed bytes of the wrong size or shape to a crypto function: a bug, not an attack. */
export class CryptoInputError extends TypeError {
  override readonly name = 'CryptoInputError';
  constructor(
    readonly argument: string,
    message: string,
    readonly got?: unknown,
    readonly expected?: unknown,
  ) {
    super(`${argument}: ${message}`);
  }
}
