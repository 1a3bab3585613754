/** Errors of the high-level client methods (the server's own come as RpcError and its subclasses). */

/** A peer that neither the peer cache nor the server knows. */
export class PeerNotFoundError extends Error {
  override readonly name = 'PeerNotFoundError';
  constructor(
    /** What was asked for, as given. */
    readonly peer: unknown,
    reason = 'not in the peer cache, and the server does not know it',
  ) {
    super(`peer ${describe(peer)}: ${reason}`);
  }
}

/** A method's arguments are wrong before anything is sent. */
export class InvalidArgumentError extends TypeError {
  override readonly name = 'InvalidArgumentError';
  constructor(
    readonly method: string,
    readonly argument: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${method}: ${argument} must be ${expected}, got ${describe(got)}`);
  }
}

/** The server's answer did not hold what the method needs (the request may still have been applied). */
export class UnexpectedAnswerError extends Error {
  override readonly name = 'UnexpectedAnswerError';
  constructor(
    readonly method: string,
    readonly expected: string,
  ) {
    super(`${method}: the answer did not hold ${expected}`);
  }
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null && '_' in v) return String((v as { _: unknown })._);
  return String(v);
}
