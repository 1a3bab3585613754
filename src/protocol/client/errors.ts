/** Errors of the Client itself (the session's and the transport's come from their layers). */

export class ClientClosedError extends Error {
  override readonly name = 'ClientClosedError';
  constructor(what: string) {
    super(`${what}: the client is closed; create a new Client or call connect() again`);
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
