/** `layer/protocol`: crypto, transports, the MTProto session and handshake, and the Client. */
export * from './crypto/index.js';
export * from './transport/index.js';
export { MtprotoSession, type SessionEvent, type SessionOptions } from './mtproto/session.js';
export { RpcError, BadMessageError, RequestAbortedError } from './mtproto/errors.js';
export { FloodWaitError, MigrateError, PasswordNeededError, PhoneCodeError, PasswordInvalidError, UnauthorizedError, rpcError } from './mtproto/rpc-errors.js';
export { SignUpRequiredError, UnsupportedLoginError } from './client/auth/errors.js';
export type { ClientEvent } from './client/events.js';
export type { InvokeOptions } from './client/client.js';
export type { SentCode } from './client/auth/phone.js';
export * from './updates/index.js';
export { ClientHandshake, HandshakeError, type HandshakeResult } from './mtproto/handshake.js';
export { Client } from './client/client.js';
export { ClientClosedError, RequestTimeoutError } from './client/errors.js';
export type { ClientOptions, DcAddress } from './client/options.js';
export * from './storage/index.js';
