import { readI32, readU32 } from './bytes.js';
import { ServerTransportError } from './errors.js';
import type { End, Frame } from './framing.js';

/** Shorter than any MTProto message (auth_key_id, msg_id, length, constructor). */
const SHORTEST_MESSAGE = 24;

/**
 * Turns an unframed payload into a `Frame`. On the client end, a frame too short
 * to be an MTProto message whose first int32 is negative is Telegram speaking to
 * the transport: -1 then a token is padded intermediate's quick ack, anything
 * else is a transport error code (thrown, since the server hangs up after it).
 */
export function payloadFrame(payload: Uint8Array, quickAck: boolean, end: End): Frame {
  if (end === 'client' && payload.length < SHORTEST_MESSAGE) {
    const code = readI32(payload, 0);
    if (code === -1 && payload.length >= 8) return { kind: 'quick-ack', token: readU32(payload, 4) };
    if (code < 0) throw new ServerTransportError(code);
  }
  return { kind: 'payload', payload, quickAck };
}
