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
    /** The msg_id it went out with, so the server can be asked whether it arrived. */
    readonly msgId?: bigint,
    /** The server said it received the request: it may have been applied, so it was not sent again. */
    readonly received = false,
  ) {
    super(
      `${method} got no answer within ${timeoutMs} ms` +
        (received ? '; the server received it, so it may have been applied and was not sent again: check before repeating it' : ''),
    );
  }
}
