/**
 * `layer`: a Telegram MTProto 2.0 client and a reactive bot framework.
 * The TL layer, the protocol core, the Client (login, DCs, sessions, updates, files, messages) and the framework (LayerBot, decorators, filters, events, contexts).
 */
export { encode, decode, decodeResult, readResult, readObject, writeObject, TlReader, TlWriter, TlDecodeError, TlEncodeError, LAYER, tl } from './schema/index.js';
export type { TlObject } from './schema/index.js';
export {
  Client,
  RpcError,
  FloodWaitError,
  MigrateError,
  PasswordNeededError,
  PhoneCodeError,
  PasswordInvalidError,
  UnauthorizedError,
  SignUpRequiredError,
  BadMessageError,
  RequestAbortedError,
  ClientClosedError,
  RequestTimeoutError,
  SecurityError,
  TransportError,
  SqliteSessionStore,
  StringSession,
  MemorySessionStore,
  SessionInUseError,
  // What a bot meets in daily use: files, peers, text, and the state its chats keep.
  FileTransferError,
  FileTransferAbortedError,
  CdnHashMismatchError,
  FileInputError,
  FileOriginError,
  PeerNotFoundError,
  InvalidArgumentError,
  TextParseError,
  parseHtml,
  parseMarkdown,
  MemoryStateStore,
  SqliteStateStore,
} from './protocol/index.js';
export type { ClientOptions, ClientEvent, InvokeOptions, SessionStore, StateStore, PeerLike, SendFileOptions, SendableFile, DownloadOptions, TransferProgress } from './protocol/index.js';
// The framework: LayerBot, decorators, filters, events, contexts, operators, DI tokens, config, errors.
export * from './framework/index.js';
export { telegramServers, telegramTestServers } from './protocol/telegram-servers.js';
