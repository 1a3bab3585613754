import { connect, type Socket } from 'node:net';
import type { EncodeOptions, TransportCodec } from './codec.js';
import { TransportError } from './errors.js';
import type { Frame } from './framing.js';

export interface TcpOptions {
  host: string;
  port: number;
  /** A client codec (`clientCodec`); its header goes out as soon as the socket connects. */
  codec: TransportCodec;
  /** Milliseconds to wait for the TCP connection. Default 10 000. */
  connectTimeout?: number;
  /** Each frame, in order. Must not throw. */
  onFrame(frame: Frame): void;
  /**
   * Once, when the connection ends after having opened: no error after `close()`,
   * otherwise why (a ServerTransportError such as -404, a corrupt frame, the peer hanging up, a socket error).
   */
  onClose?(error?: TransportError): void;
}

export interface TcpConnection {
  /**
   * Frames and writes one payload, whole or in pieces (written uncopied where
   * the framing allows, in one writev). Once closed, throws what ended the connection (or TransportError 'closed').
   */
  send(payload: Uint8Array | readonly Uint8Array[], options?: EncodeOptions): void;
  /** Flushes what was sent, then frees the socket. */
  close(): void;
  readonly closed: boolean;
}

/**
 * The thin driver: one socket, one codec. Resolves once connected; rejects with
 * TransportError 'connect-timeout' or 'connect-failed' (onClose is not called then).
 */
export function connectTcp(options: TcpOptions): Promise<TcpConnection> {
  const { host, port } = options;
  const timeout = options.connectTimeout ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TransportError('connect-timeout', `no TCP connection to ${host}:${port} within ${timeout} ms`));
    }, timeout);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new TransportError('connect-failed', `cannot connect to ${host}:${port}: ${error.message}`, undefined, undefined, { cause: error }));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(new TcpDriver(socket, options));
    });
  });
}

/** Frames up to this many bytes are joined and written at once; bigger ones go out as pieces. */
const JOIN_BELOW = 16 * 1024;

class TcpDriver implements TcpConnection {
  closed = false;
  private ending: TransportError | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly options: TcpOptions,
  ) {
    socket.setNoDelay(true);
    if (options.codec.header.length > 0) socket.write(options.codec.header);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (error) => {
      this.ending ??= new TransportError('socket', `socket error: ${error.message}`, undefined, undefined, { cause: error });
    });
    socket.on('end', () => {
      this.ending ??= new TransportError('closed', 'the server closed the connection');
      socket.destroy();
    });
    socket.on('close', () => {
      const local = this.closed && !this.ending;
      this.closed = true;
      this.options.onClose?.(local ? undefined : (this.ending ?? new TransportError('closed', 'the connection closed')));
    });
  }

  send(payload: Uint8Array | readonly Uint8Array[], options?: EncodeOptions): void {
    if (this.closed) throw this.ending ?? new TransportError('closed', 'send after close');
    const pieces = this.options.codec.encodeParts(payload instanceof Uint8Array ? [payload] : payload, options);
    if (pieces.length === 1) return void this.socket.write(pieces[0]);
    let length = 0;
    for (const piece of pieces) length += piece.length;
    if (length <= JOIN_BELOW) {
      // A small frame costs less copied into one write than written as pieces by writev.
      const joined = Buffer.allocUnsafe(length);
      let at = 0;
      for (const piece of pieces) {
        joined.set(piece, at);
        at += piece.length;
      }
      return void this.socket.write(joined);
    }
    this.socket.cork();
    for (const piece of pieces) this.socket.write(piece);
    this.socket.uncork();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroySoon();
  }

  private receive(chunk: Uint8Array): void {
    if (this.closed) return;
    const { codec, onFrame } = this.options;
    codec.push(chunk);
    for (;;) {
      let frame: Frame | undefined;
      try {
        frame = codec.read();
      } catch (error) {
        this.fail(error);
        return;
      }
      if (!frame) return;
      onFrame(frame);
      if (this.closed) return;
    }
  }

  private fail(error: unknown): void {
    this.ending = error instanceof TransportError ? error : new TransportError('socket', String(error), undefined, undefined, { cause: error });
    this.closed = true;
    this.socket.destroy();
  }
}
