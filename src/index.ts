/**
 * `layer`: a Telegram MTProto 2.0 client and a reactive bot framework.
 * So far the TL layer is in place; the client, the framework and the emulator follow.
 */
export { encode, decode, decodeResult, readResult, readObject, writeObject, TlReader, TlWriter, TlDecodeError, TlEncodeError, LAYER, tl } from './schema/index.js';
export type { TlObject } from './schema/index.js';
