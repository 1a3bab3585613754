import { readU32, writeU32 } from './bytes.js';
import { TransportError } from './errors.js';
import { EMPTY, type End, type Framing, type FramingOptions, type RandomBytes, type Unpacked } from './framing.js';
import { checkIncoming, checkOutgoing, checkQuickAckToken } from './limits.js';
import { payloadFrame } from './service-frames.js';

const TOP_BIT = 0x80000000;
const MAX_PADDING = 15;
/** Padded quick acks: 0xffffffff, the token, then 0-8 random bytes. */
const QUICK_ACK_HEADER = 0xffffffff;
const MAX_QUICK_ACK_PADDING = 8;

/**
 * Intermediate (marker 0xeeeeeeee) and padded intermediate (0xdddddddd): each
 * payload behind its length in 4 bytes little-endian. Padded appends 0-15 random
 * bytes, counted in the length, that the receiver cannot tell from the payload.
 */
export class IntermediateFraming implements Framing {
  readonly transport: 'intermediate' | 'padded';
  readonly marker: Uint8Array;
  private readonly end: End;
  private readonly maxPayload: number;
  private readonly random: RandomBytes;

  constructor({ end, maxPayload, random }: FramingOptions, padded: boolean) {
    this.transport = padded ? 'padded' : 'intermediate';
    this.end = end;
    this.maxPayload = maxPayload;
    this.random = random;
    this.marker = end === 'client' ? new Uint8Array(4).fill(padded ? 0xdd : 0xee) : EMPTY;
  }

  pack(payload: Uint8Array, quickAck: boolean): Uint8Array {
    checkOutgoing(payload, this.maxPayload, this.transport);
    if (quickAck && this.end === 'server') {
      throw new TransportError('unsupported', `${this.transport}: only a client asks for quick acks`);
    }
    const padding = this.transport === 'padded' ? this.random(1)[0] & MAX_PADDING : 0;
    const length = payload.length + padding;
    const frame = new Uint8Array(4 + length);
    writeU32(frame, 0, quickAck ? (length | TOP_BIT) >>> 0 : length);
    frame.set(payload, 4);
    if (padding > 0) frame.set(this.random(padding).subarray(0, padding), 4 + payload.length);
    return frame;
  }

  /** Plain intermediate only: padded has random bytes after the payload. */
  packHeader(length: number, quickAck: boolean): Uint8Array | undefined {
    if (this.transport !== 'intermediate') return undefined;
    checkOutgoing({ length } as Uint8Array, this.maxPayload, this.transport);
    if (quickAck && this.end === 'server') {
      throw new TransportError('unsupported', `${this.transport}: only a client asks for quick acks`);
    }
    const header = new Uint8Array(4);
    writeU32(header, 0, quickAck ? (length | TOP_BIT) >>> 0 : length);
    return header;
  }

  packQuickAck(token: number): Uint8Array {
    if (this.end !== 'server') throw new TransportError('unsupported', `${this.transport}: only the server sends quick acks`);
    checkQuickAckToken(token, this.transport);
    if (this.transport === 'intermediate') {
      // Standalone, no length: the top bit makes it an impossible length.
      const frame = new Uint8Array(4);
      writeU32(frame, 0, token);
      return frame;
    }
    const padding = this.random(1)[0] % (MAX_QUICK_ACK_PADDING + 1);
    const frame = new Uint8Array(12 + padding);
    writeU32(frame, 0, 8 + padding);
    writeU32(frame, 4, QUICK_ACK_HEADER);
    writeU32(frame, 8, token);
    if (padding > 0) frame.set(this.random(padding).subarray(0, padding), 12);
    return frame;
  }

  unpack(bytes: Uint8Array): Unpacked {
    if (bytes.length < 4) return { need: 4 };
    let length = readU32(bytes, 0);
    let quickAck = false;
    if (length & TOP_BIT) {
      if (this.end === 'server') {
        quickAck = true;
        length = (length & ~TOP_BIT) >>> 0;
      } else if (this.transport === 'intermediate') {
        return { frame: { kind: 'quick-ack', token: length }, size: 4 };
      } // padded sends its quick acks framed, so here the length is simply too large
    }
    const padded = this.transport === 'padded';
    checkIncoming(length, padded ? this.maxPayload + MAX_PADDING : this.maxPayload, this.transport, !padded);
    const size = 4 + length;
    if (bytes.length < size) return { need: size };
    return { frame: payloadFrame(bytes.subarray(4, size), quickAck, this.end), size };
  }
}
