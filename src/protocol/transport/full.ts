import { crc32 } from '../../schema/crc32.js';
import { hex32, readU32, writeU32 } from './bytes.js';
import { ServerTransportError, TransportError } from './errors.js';
import { EMPTY, type End, type Framing, type FramingOptions, type Unpacked } from './framing.js';
import { checkIncoming, checkOutgoing } from './limits.js';
import { payloadFrame } from './service-frames.js';

/** length, seq, crc. */
const ENVELOPE = 12;

/**
 * Full: no marker; each frame is length (of the whole frame), a per-direction
 * sequence number from 0, the payload, and a CRC32 of everything before it.
 */
export class FullFraming implements Framing {
  readonly transport = 'full';
  readonly marker = EMPTY;
  private readonly end: End;
  private readonly maxPayload: number;
  private sendSeq = 0;
  private receiveSeq = 0;

  constructor({ end, maxPayload }: FramingOptions) {
    this.end = end;
    this.maxPayload = maxPayload;
  }

  pack(payload: Uint8Array, quickAck: boolean): Uint8Array {
    checkOutgoing(payload, this.maxPayload, this.transport);
    if (quickAck) throw new TransportError('unsupported', 'full: the full transport has no quick acks');
    const size = payload.length + ENVELOPE;
    const frame = new Uint8Array(size);
    writeU32(frame, 0, size);
    writeU32(frame, 4, this.sendSeq);
    frame.set(payload, 8);
    writeU32(frame, size - 4, crc32(frame.subarray(0, size - 4)));
    this.sendSeq = (this.sendSeq + 1) >>> 0;
    return frame;
  }

  packQuickAck(): Uint8Array {
    throw new TransportError('unsupported', 'full: the full transport has no quick acks');
  }

  unpack(bytes: Uint8Array): Unpacked {
    if (bytes.length < 4) return { need: 4 };
    const size = readU32(bytes, 0);
    // Telegram has been seen sending an error code raw, where the length goes (Telethon #4042).
    if (this.end === 'client' && (size | 0) < 0) throw new ServerTransportError(size | 0);
    if (size < ENVELOPE) {
      throw new TransportError('bad-length', `full: a frame announces ${size} bytes, less than its own 12-byte envelope`, size, ENVELOPE);
    }
    checkIncoming(size - ENVELOPE, this.maxPayload, this.transport, true);
    if (bytes.length < size) return { need: size };
    const expectedCrc = crc32(bytes.subarray(0, size - 4));
    const crc = readU32(bytes, size - 4);
    if (crc !== expectedCrc) {
      throw new TransportError('bad-crc', `full: CRC32 mismatch (got ${hex32(crc)}, computed ${hex32(expectedCrc)})`, crc, expectedCrc);
    }
    const seq = readU32(bytes, 4);
    if (seq !== this.receiveSeq) {
      throw new TransportError('bad-seq', `full: frame ${seq} arrived where frame ${this.receiveSeq} was due`, seq, this.receiveSeq);
    }
    this.receiveSeq = (this.receiveSeq + 1) >>> 0;
    return { frame: payloadFrame(bytes.subarray(8, size - 4), false, this.end), size };
  }
}
