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
  const w = new TlWriter(messages.reduce((n, m) => n + 16 + m.body.length, 8));
  w.uint(MSG_CONTAINER);
  w.uint(messages.length);
  for (const m of messages) {
    w.long(m.msgId);
    w.int(m.seqNo);
    w.int(m.body.length);
    w.raw(m.body);
  }
  return w.result();
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
