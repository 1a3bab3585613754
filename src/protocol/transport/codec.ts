import { randomBytes } from 'node:crypto';
import { AbridgedFraming } from './abridged.js';
import { joinBytes } from '../crypto/bytes.js';
import { TransportError } from './errors.js';
import { FrameReader } from './frame-reader.js';
import { DEFAULT_MAX_PAYLOAD, EMPTY, type End, type Frame, type Framing, type FramingOptions, type RandomBytes, type TransportKind } from './framing.js';
import { FullFraming } from './full.js';
import { IntermediateFraming } from './intermediate.js';
import { checkMaxPayload } from './limits.js';
import { acceptInit, createInit, type ObfuscationOptions, type Obfuscation } from './obfuscated2.js';

export interface CodecOptions {
  transport: TransportKind;
  /** Largest payload sent or accepted; a bigger frame is refused from its header. Default 16 MiB. */
  maxPayload?: number;
  /** Default: node:crypto's randomBytes. */
  random?: RandomBytes;
}

export interface ClientCodecOptions extends CodecOptions {
  /** Wrap the stream in obfuscated2 (not with `full`). */
  obfuscated?: boolean | ObfuscationOptions;
}

export interface ServerCodecOptions extends CodecOptions {
  /** The client's 64-byte obfuscated2 init, when the connection is obfuscated. */
  init?: Uint8Array;
  /** MTProxy secret the init was made with. */
  secret?: Uint8Array;
}

export interface EncodeOptions {
  /** Ask the server for a quick ack of this payload (client end; not over full). */
  quickAck?: boolean;
}

/**
 * One end of one connection: frames payloads to send, and reads frames from the
 * bytes received. Pure apart from the injected random: sockets live in `tcp.ts`.
 * Made by `clientCodec`, `serverCodec` or `TransportAcceptor`.
 *
 * ```ts
 * socket.write(codec.header);                      // once, before any frame
 * socket.write(codec.encode(payload));
 * socket.on('data', (chunk) => { for (const frame of codec.push(chunk)) handle(frame); });
 * ```
 */
export class TransportCodec implements Iterable<Frame> {
  /** What this end sends before its first frame: the marker, the 64-byte obfuscated2 init, or nothing. */
  readonly header: Uint8Array;
  readonly transport: TransportKind;
  readonly obfuscated: boolean;
  /** The DC id from the client's obfuscated2 init (server end), or given to it (client end). */
  readonly dcId: number | undefined;
  private readonly reader: FrameReader;

  constructor(
    readonly end: End,
    private readonly framing: Framing,
    private readonly obfuscation: Obfuscation | undefined,
    header: Uint8Array,
    dcId: number | undefined,
  ) {
    this.transport = framing.transport;
    this.obfuscated = obfuscation !== undefined;
    this.header = header;
    this.dcId = dcId;
    this.reader = new FrameReader(framing);
  }

  /** The bytes that carry `payload` to the peer. */
  encode(payload: Uint8Array, options?: EncodeOptions): Uint8Array {
    const frame = this.framing.pack(payload, options?.quickAck === true);
    return this.obfuscation ? this.obfuscation.encrypt(frame) : frame;
  }

  /**
   * `encode` of the payload the pieces make when joined, as pieces to write in
   * order (one socket write each, or a writev): where the framing allows, the
   * payload's own pieces, uncopied.
   */
  encodeParts(payload: readonly Uint8Array[], options?: EncodeOptions): Uint8Array[] {
    let length = 0;
    for (const piece of payload) length += piece.length;
    const header = this.framing.packHeader?.(length, options?.quickAck === true);
    if (!header) return [this.encode(payload.length === 1 ? payload[0] : joinBytes(payload, length), options)];
    const out = [header, ...payload];
    return this.obfuscation ? out.map((piece) => this.obfuscation!.encrypt(piece)) : out;
  }

  /** Server end: the bytes that hand a quick-ack token back to the client. */
  encodeQuickAck(token: number): Uint8Array {
    const frame = this.framing.packQuickAck(token);
    return this.obfuscation ? this.obfuscation.encrypt(frame) : frame;
  }

  /** Bytes from the peer, split anyhow; iterate the result (or call `read`) for the frames they complete. */
  push(chunk: Uint8Array): this {
    this.reader.push(this.obfuscation ? this.obfuscation.decrypt(chunk) : chunk);
    return this;
  }

  /** The next complete frame, or undefined. Throws TransportError for a corrupt stream or a server error code. */
  read(): Frame | undefined {
    return this.reader.read();
  }

  [Symbol.iterator](): Iterator<Frame> {
    return this.reader[Symbol.iterator]();
  }
}


/** The client end of a connection, with its header ready to send. */
export function clientCodec(options: ClientCodecOptions): TransportCodec {
  const framingOptions = resolve(options, 'client');
  const framing = createFraming(options.transport, framingOptions);
  if (!options.obfuscated) return new TransportCodec('client', framing, undefined, framing.marker, undefined);
  const transport = options.transport;
  if (transport === 'full') {
    throw new TransportError('unsupported', 'obfuscated2 carries abridged, intermediate or padded; the full transport has no protocol tag');
  }
  const obfuscation = options.obfuscated === true ? {} : options.obfuscated;
  const init = createInit(transport, obfuscation, framingOptions.random);
  return new TransportCodec('client', framing, init.obfuscation, init.header, obfuscation.dcId ?? 0);
}

/**
 * The server end, for a transport already known (see `TransportAcceptor` to
 * detect it). With `init`, the stream is obfuscated and the transport must match its tag.
 */
export function serverCodec(options: ServerCodecOptions): TransportCodec {
  const framing = createFraming(options.transport, resolve(options, 'server'));
  if (!options.init) return new TransportCodec('server', framing, undefined, EMPTY, undefined);
  const accepted = acceptInit(options.init, options.secret);
  if (accepted.transport !== options.transport) {
    throw new TransportError('bad-init', `obfuscated2: the init names ${accepted.transport}, not ${options.transport}`);
  }
  return new TransportCodec('server', framing, accepted.obfuscation, EMPTY, accepted.dcId);
}

function resolve(options: CodecOptions, end: End): FramingOptions {
  return {
    end,
    maxPayload: checkMaxPayload(options.maxPayload ?? DEFAULT_MAX_PAYLOAD),
    random: options.random ?? randomBytes,
  };
}

function createFraming(transport: TransportKind, options: FramingOptions): Framing {
  switch (transport) {
    case 'abridged':
      return new AbridgedFraming(options);
    case 'intermediate':
      return new IntermediateFraming(options, false);
    case 'padded':
      return new IntermediateFraming(options, true);
    case 'full':
      return new FullFraming(options);
    default:
      throw new TransportError('unsupported', `unknown transport ${String(transport)}`);
  }
}
