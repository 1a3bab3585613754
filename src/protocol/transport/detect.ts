import { hex32, readU32 } from './bytes.js';
import { serverCodec, type TransportCodec } from './codec.js';
import { TransportError } from './errors.js';
import { DEFAULT_MAX_PAYLOAD, type RandomBytes, type TransportKind } from './framing.js';
import { checkMaxPayload } from './limits.js';
import { acceptInit, INIT_LENGTH } from './obfuscated2.js';

export interface DetectedTransport {
  transport: TransportKind;
  obfuscated: boolean;
  /** From the obfuscated2 init (0 when the client gave none); undefined for plain transports. */
  dcId: number | undefined;
  /** Bytes of the connection's start that are not frames: marker or init (0 for full). */
  headerLength: number;
}

export interface DetectOptions {
  /** The MTProxy secret obfuscated clients use, if this server is one. */
  secret?: Uint8Array;
  maxPayload?: number;
}

const NOT_MTPROTO: Record<number, string> = {
  0x44414548: 'HTTP (HEAD)',
  0x54534f50: 'HTTP (POST)',
  0x20544547: 'HTTP (GET)',
  0x4954504f: 'HTTP (OPTIONS)',
  0x02010316: 'TLS (fake-TLS MTProxy)',
};

/**
 * Tells the transport from the first bytes a client sends, as Telegram's servers
 * do: 0xef abridged, 0xeeeeeeee intermediate, 0xdddddddd padded; a first frame of
 * full has sequence number 0 in bytes 4..7, which obfuscated2 inits never have;
 * anything else is a 64-byte obfuscated2 init, decrypted to read its tag.
 * Answers `{ need }` (total bytes) while `bytes` is too short to tell.
 */
export function detectTransport(bytes: Uint8Array, options: DetectOptions = {}): DetectedTransport | { need: number } {
  if (bytes.length < 1) return { need: 1 };
  if (bytes[0] === 0xef) return plain('abridged', 1);
  if (bytes.length < 4) return { need: 4 };
  const first = readU32(bytes, 0);
  if (first === 0xeeeeeeee) return plain('intermediate', 4);
  if (first === 0xdddddddd) return plain('padded', 4);
  if (NOT_MTPROTO[first]) {
    throw new TransportError('unknown-transport', `the client speaks ${NOT_MTPROTO[first]}, not an MTProto TCP transport`, first);
  }
  if (bytes.length < 8) return { need: 8 };
  if (readU32(bytes, 4) === 0) {
    const maxPayload = checkMaxPayload(options.maxPayload ?? DEFAULT_MAX_PAYLOAD);
    if (first < 16 || first % 4 !== 0 || first - 12 > maxPayload) {
      throw new TransportError('unknown-transport', `the first bytes look like a full-transport frame of an impossible length ${first}`, first);
    }
    return plain('full', 0);
  }
  if (bytes.length < INIT_LENGTH) return { need: INIT_LENGTH };
  try {
    const { transport, dcId } = acceptInit(bytes, options.secret);
    return { transport, obfuscated: true, dcId, headerLength: INIT_LENGTH };
  } catch (error) {
    if (!(error instanceof TransportError) || error.reason !== 'bad-init') throw error;
    throw new TransportError(
      'unknown-transport',
      `the first bytes (${hex32(first)}...) are no marker, no full-transport frame, and no obfuscated2 init: ${error.message}`,
      error.got,
      undefined,
      { cause: error },
    );
  }
}

function plain(transport: TransportKind, headerLength: number): DetectedTransport {
  return { transport, obfuscated: false, dcId: undefined, headerLength };
}

/**
 * The server's side of a new connection: feed it the first chunks until it hands
 * back the codec for the detected transport. Bytes after the header are already
 * in that codec; push later chunks to the codec itself.
 *
 * ```ts
 * const acceptor = new TransportAcceptor();
 * let codec: TransportCodec | undefined;
 * socket.on('data', (chunk) => {
 *   codec = codec ? codec.push(chunk) : acceptor.push(chunk);
 *   if (codec) for (const frame of codec) handle(frame);
 * });
 * ```
 */
export class TransportAcceptor {
  private buffered: Uint8Array = new Uint8Array(0);
  private detected: DetectedTransport | undefined;

  constructor(private readonly options: DetectOptions & { random?: RandomBytes } = {}) {}

  /** What was detected, once `push` has answered a codec. */
  get transport(): DetectedTransport | undefined {
    return this.detected;
  }

  push(chunk: Uint8Array): TransportCodec | undefined {
    if (this.detected) throw new Error('TransportAcceptor: the transport is known; push to the codec it returned');
    this.buffered = this.buffered.length === 0 ? chunk : concat(this.buffered, chunk);
    const result = detectTransport(this.buffered, this.options);
    if ('need' in result) return undefined;
    this.detected = result;
    const codec = serverCodec({
      transport: result.transport,
      init: result.obfuscated ? this.buffered.subarray(0, INIT_LENGTH) : undefined,
      secret: this.options.secret,
      maxPayload: this.options.maxPayload,
      random: this.options.random,
    });
    const rest = this.buffered.subarray(result.headerLength);
    this.buffered = new Uint8Array(0);
    if (rest.length > 0) codec.push(rest);
    return codec;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
