import { TlReader, TlWriter } from '../../schema/index.js';
import { joinBytes } from '../crypto/bytes.js';

/** Ids of the MTProto service constructors the session parses by hand (mtproto.tl leaves them commented out). */
export const MSG_CONTAINER = 0x73f1f8dc;
export const RPC_RESULT = 0xf35c6d01;
export const GZIP_PACKED = 0x3072cfa1;
export const RPC_ERROR = 0x2144ca19;

/** One message inside a container, or a top-level one: what the session tracks. */
export interface Envelope {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

/** msg_container#73f1f8dc messages:vector<%Message>, each `msg_id seqno bytes body`. */
export function packContainer(messages: Envelope[]): Uint8Array {
  return joinPieces(containerPieces(messages));
}

/**
 * A container as pieces: the headers, and between them the messages' bodies
 * (whole or themselves in pieces) uncopied, for sealParts to join once.
 */
export function containerPieces(messages: readonly { msgId: bigint; seqNo: number; body: Uint8Array | readonly Uint8Array[] }[]): Uint8Array[] {
  // One buffer for the container's head and every message header.
  const heads = new Uint8Array(8 + 16 * messages.length);
  const view = new DataView(heads.buffer);
  view.setUint32(0, MSG_CONTAINER, true);
  view.setUint32(4, messages.length, true);
  const pieces: Uint8Array[] = [heads.subarray(0, 8)];
  let at = 8;
  for (const m of messages) {
    let length = 0;
    if (m.body instanceof Uint8Array) length = m.body.length;
    else for (const piece of m.body) length += piece.length;
    view.setBigInt64(at, m.msgId, true);
    view.setInt32(at + 8, m.seqNo, true);
    view.setInt32(at + 12, length, true);
    pieces.push(heads.subarray(at, (at += 16)));
    if (m.body instanceof Uint8Array) pieces.push(m.body);
    else for (const piece of m.body) pieces.push(piece);
  }
  return pieces;
}

/** The pieces joined into one buffer. */
export const joinPieces = (pieces: readonly Uint8Array[]): Uint8Array => joinBytes(pieces);

/** The messages of a container whose id has been read; lengths are checked against the data. */
export function unpackContainer(r: TlReader): Envelope[] {
  const n = r.count();
  const out: Envelope[] = [];
  for (let i = 0; i < n; i++) {
    const msgId = r.long();
    const seqNo = r.int();
    const length = r.int();
    if (length < 0 || length % 4 !== 0 || length > r.remaining) throw r.error(`container message of ${length} bytes does not fit`);
    out.push({ msgId, seqNo, body: r.buf.subarray(r.pos, r.pos + length) });
    r.pos += length;
  }
  return out;
}

/** gzip_packed#3072cfa1 packed_data:bytes around an already encoded object. */
export function packGzip(packed: Uint8Array): Uint8Array {
  const w = new TlWriter(packed.length + 8);
  w.uint(GZIP_PACKED);
  w.bytes(packed);
  return w.result();
}

/** The first 4 bytes of an encoded object. */
export function peekId(bytes: Uint8Array, at = 0): number {
  // By hand, not through a DataView: this runs several times per message received.
  return bytes.length >= at + 4 ? (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0 : -1;
}
