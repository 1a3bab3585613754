/** Errors of the Client itself (the session's and the transport's come from their layers). */

/** A call on a client that is closed, or not connected yet. */
export class ClientClosedError extends Error {
  override readonly name = 'ClientClosedError';
  constructor(what: string, reason = 'the client is closed; create a new Client') {
    super(`${what}: ${reason}`);
  }
}

export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} got no answer within ${timeoutMs} ms`);
  }
}
