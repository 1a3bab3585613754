/**
 * `layer`: a Telegram MTProto 2.0 client and a reactive bot framework.
 * The TL layer, the protocol core and a first Client are in place; the framework follows.
 */
export { encode, decode, decodeResult, readResult, readObject, writeObject, TlReader, TlWriter, TlDecodeError, TlEncodeError, LAYER, tl } from './schema/index.js';
export type { TlObject } from './schema/index.js';
export { Client, RpcError, BadMessageError, RequestAbortedError, ClientClosedError, RequestTimeoutError, SecurityError, TransportError } from './protocol/index.js';
export type { ClientOptions } from './protocol/index.js';
