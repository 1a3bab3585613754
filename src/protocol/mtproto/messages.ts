import { TlReader, TlWriter } from '../../schema/index.js';

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
  const head = new Uint8Array(8);
  const headView = new DataView(head.buffer);
  headView.setUint32(0, MSG_CONTAINER, true);
  headView.setUint32(4, messages.length, true);
  const pieces: Uint8Array[] = [head];
  for (const m of messages) {
    const body = m.body instanceof Uint8Array ? [m.body] : m.body;
    let length = 0;
    for (const piece of body) length += piece.length;
    const header = new Uint8Array(16);
    const view = new DataView(header.buffer);
    view.setBigInt64(0, m.msgId, true);
    view.setInt32(8, m.seqNo, true);
    view.setInt32(12, length, true);
    pieces.push(header, ...body);
  }
  return pieces;
}

/** The pieces joined into one buffer. */
export function joinPieces(pieces: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

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
  return bytes.length >= at + 4 ? new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true) : -1;
}
