/** Session stores: what a client keeps across restarts. */
export type { SessionStore, DcRecord, DcAddressRecord, TempAuthKey, FutureSalt, UpdateState, PeerEntry, PeerKind } from './types.js';
export { PEER_KINDS } from './types.js';
export type { StoreOptions, SessionSnapshot } from './buffered-store.js';
export { BufferedSessionStore } from './buffered-store.js';
export type { WriteBatch } from './batch.js';
export { MemorySessionStore } from './memory-store.js';
export { StringSession, type StringSessionOptions } from './string-session.js';
export { encodeSessionString, decodeSessionString, SESSION_STRING_VERSION } from './string-codec.js';
export { SqliteSessionStore, SQLITE_SCHEMA_VERSION, type SqliteStoreOptions } from './sqlite-store.js';
export { markedPeerId, unmarkPeerId, mergePeer } from './values.js';
export {
  SessionStoreError,
  SessionStringError,
  SessionInUseError,
  SessionFileError,
  SessionClosedError,
  type SessionStringProblem,
  type SessionFileProblem,
} from './errors.js';
export type { StateStore, StateStoreOptions } from './state-store.js';
export { MemoryStateStore } from './memory-state-store.js';
export { SessionStateStore, type StateBackend, type StoredState } from './session-state.js';
export { SqliteStateStore, STATE_APPLICATION_ID } from './sqlite-state-store.js';
export { encodeState, decodeState } from './state-codec.js';
export { StateStoreError, StateValueError, StateStoreClosedError, StateFileError } from './state-errors.js';
