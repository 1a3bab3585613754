import { TransportError } from './errors.js';
import { EMPTY, type End, type Framing, type FramingOptions, type Unpacked } from './framing.js';
import { checkIncoming, checkOutgoing, checkQuickAckToken } from './limits.js';
import { payloadFrame } from './service-frames.js';

/** Lengths of 127 words and more take the long form: 0x7f, then the word count in 3 bytes. */
const LONG = 0x7f;
/** On the client's lengths, the top bit asks for a quick ack; from the server, it marks one. */
const QUICK_ACK = 0x80;

/**
 * Abridged: marker 0xef; each payload behind its length in words, in one byte
 * (< 127 words) or as 0x7f + 3 bytes little-endian.
 */
export class AbridgedFraming implements Framing {
  readonly transport = 'abridged';
  readonly marker: Uint8Array;
  private readonly end: End;
  private readonly maxPayload: number;

  constructor({ end, maxPayload }: FramingOptions) {
    this.end = end;
    this.maxPayload = maxPayload;
    this.marker = end === 'client' ? Uint8Array.of(0xef) : EMPTY;
  }

  pack(payload: Uint8Array, quickAck: boolean): Uint8Array {
    checkOutgoing(payload, this.maxPayload, this.transport);
    if (quickAck && this.end === 'server') {
      throw new TransportError('unsupported', 'abridged: only a client asks for quick acks');
    }
    const words = payload.length >>> 2;
    const flag = quickAck ? QUICK_ACK : 0;
    const head = words < LONG ? 1 : 4;
    const frame = new Uint8Array(head + payload.length);
    if (head === 1) {
      frame[0] = words | flag;
    } else {
      frame[0] = LONG | flag;
      frame[1] = words;
      frame[2] = words >>> 8;
      frame[3] = words >>> 16;
    }
    frame.set(payload, head);
    return frame;
  }

  /** The server sends the token byte-swapped, so its first byte carries the token's top bit. */
  packQuickAck(token: number): Uint8Array {
    if (this.end !== 'server') throw new TransportError('unsupported', 'abridged: only the server sends quick acks');
    checkQuickAckToken(token, this.transport);
    return Uint8Array.of(token >>> 24, token >>> 16, token >>> 8, token);
  }

  unpack(bytes: Uint8Array): Unpacked {
    if (bytes.length < 1) return { need: 1 };
    const first = bytes[0];
    const flagged = (first & QUICK_ACK) !== 0;
    if (flagged && this.end === 'client') {
      if (bytes.length < 4) return { need: 4 };
      const token = ((first << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
      return { frame: { kind: 'quick-ack', token }, size: 4 };
    }
    let head = 1;
    let words = first & ~QUICK_ACK;
    if (words === LONG) {
      if (bytes.length < 4) return { need: 4 };
      head = 4;
      words = bytes[1] | (bytes[2] << 8) | (bytes[3] << 16);
    }
    const length = words * 4;
    checkIncoming(length, this.maxPayload, this.transport, true);
    const size = head + length;
    if (bytes.length < size) return { need: size };
    return { frame: payloadFrame(bytes.subarray(head, size), flagged, this.end), size };
  }
}
