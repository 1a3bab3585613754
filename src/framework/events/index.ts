export { EVENT_UPDATES, NAMED_CHAT_ACTIONS, USER_STATUSES, CHAT_TYPES, chatActionKind, userStatusKind } from './kinds.js';
export type { EventKind, ChatActionKind, UserStatusKind, ChatType } from './kinds.js';
export { PeerCache, peerId, objectId, type PeerObject } from './peers.js';
export { LayerEvent, NewMessage, MessageEdited, MessageDeleted, CallbackQuery, InlineQuery, ChatAction, UserStatus, Raw, buildEvent } from './events.js';
export type { AnyEvent, EventSource } from './events.js';
export { StatusEvent, ClientStatus, FloodWait, Backpressure, statusEvents } from './status.js';
