import { readU32 } from './bytes.js';

/**
 * Cuts padded intermediate's 0-15 random trailing bytes off an MTProto payload,
 * using the lengths MTProto itself carries (as tdlib does): a plain message
 * (auth_key_id 0) ends after its message_data_length; an encrypted one is
 * auth_key_id + msg_key + whole 16-byte AES blocks. Anything else is returned as is,
 * for the session to refuse.
 */
export function trimMtprotoPadding(payload: Uint8Array): Uint8Array {
  if (payload.length < 24) return payload;
  const plain = readU32(payload, 0) === 0 && readU32(payload, 4) === 0;
  if (plain) {
    const end = 20 + readU32(payload, 16);
    return end <= payload.length ? payload.subarray(0, end) : payload;
  }
  return payload.subarray(0, 24 + ((payload.length - 24) & ~15));
}
