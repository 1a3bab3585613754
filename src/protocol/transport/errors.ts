/** Errors of the transport layer: framing, obfuscation, the socket, and Telegram's transport error codes. */

export type TransportErrorReason =
  /** A length no valid frame has: zero, not a multiple of 4, shorter than its own envelope. */
  | 'bad-length'
  /** A frame longer than the configured maximum, refused from its header alone. */
  | 'too-large'
  /** Full transport: the CRC32 does not match the frame. */
  | 'bad-crc'
  /** Full transport: the frame's sequence number is not the next one. */
  | 'bad-seq'
  /** `encode` was handed something the transport cannot frame. */
  | 'bad-payload'
  /** A feature this transport or end does not have (quick ack over full, obfuscated full, fake-TLS secrets). */
  | 'unsupported'
  /** The first bytes of a connection match no transport the server speaks. */
  | 'unknown-transport'
  /** An obfuscated2 init whose protocol tag is unknown (often: the wrong MTProxy secret). */
  | 'bad-init'
  /** The injected random source keeps returning what it must not. */
  | 'bad-random'
  | 'connect-timeout'
  | 'connect-failed'
  /** The peer closed the connection, or `send` was called after `close`. */
  | 'closed'
  | 'socket'
  /** Telegram's transport error codes, see {@link ServerTransportError}. */
  | 'auth-key-not-found'
  | 'transport-flood'
  | 'invalid-dc'
  | 'server-error';

/** Reasons after which a new connection, as is, may well succeed. */
const RETRYABLE: ReadonlySet<TransportErrorReason> = new Set<TransportErrorReason>([
  'bad-crc',
  'bad-seq',
  'connect-timeout',
  'connect-failed',
  'closed',
  'socket',
  'transport-flood',
]);

/** Anything that went wrong below the MTProto session. `got`/`expected` say what a failed check saw. */
export class TransportError extends Error {
  override readonly name: string = 'TransportError';
  readonly retryable: boolean;
  constructor(
    readonly reason: TransportErrorReason,
    message: string,
    readonly got?: number,
    readonly expected?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retryable = RETRYABLE.has(reason);
  }
}

/**
 * A transport error code sent by the server: a frame holding one negative
 * little-endian int32 (-404, -429, -444, ...). The server closes the connection after it.
 */
export class ServerTransportError extends TransportError {
  override readonly name = 'ServerTransportError';
  constructor(readonly code: number) {
    const known = KNOWN_CODES[code];
    super(
      known?.reason ?? 'server-error',
      `transport error ${code}: ${known?.explain ?? 'the server refused the connection (no further detail is given for this code)'}`,
      code,
    );
  }
}

const KNOWN_CODES: Record<number, { reason: TransportErrorReason; explain: string }> = {
  [-404]: {
    reason: 'auth-key-not-found',
    explain:
      'auth key not found: the server does not know this auth key, or a handshake request was malformed; ' +
      'drop the auth key stored for this DC and create a new one with the key exchange',
  },
  [-429]: {
    reason: 'transport-flood',
    explain:
      'transport flood: too many connections from this IP in a short time, or a container/service-message limit was hit; ' +
      'reconnect after a delay with backoff, and reuse connections rather than opening new ones',
  },
  [-444]: {
    reason: 'invalid-dc',
    explain:
      'invalid DC: the DC id given (in the key exchange, the obfuscated init or to the MTProxy) is not one this server serves; ' +
      'check the dcId you connect with (test DCs add 10000, media DCs are negative)',
  },
  [-403]: {
    reason: 'server-error',
    explain: 'forbidden: the server refused the request as HTTP would with 403',
  },
};
