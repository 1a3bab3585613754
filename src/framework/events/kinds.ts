/**
 * The one tree of update kinds. Runtime checks (which update makes which
 * event, which service action is which chat action) and the typed names of
 * filters and decorators (`chatAction('userJoined')`, `userStatus('online')`,
 * `@OnRaw('updateUserTyping')`) are both read from these constants.
 */
import type { tl } from '../../schema/index.js';

type UpdateName = tl.TypeUpdate['_'];

/** Which updates make which event. A new message that is a service message makes a ChatAction instead. */
export const EVENT_UPDATES = {
  NewMessage: ['updateNewMessage', 'updateNewChannelMessage'],
  MessageEdited: ['updateEditMessage', 'updateEditChannelMessage'],
  MessageDeleted: ['updateDeleteMessages', 'updateDeleteChannelMessages'],
  CallbackQuery: ['updateBotCallbackQuery', 'updateInlineBotCallbackQuery'],
  InlineQuery: ['updateBotInlineQuery'],
  ChatAction: ['updateNewMessage', 'updateNewChannelMessage'],
  UserStatus: ['updateUserStatus'],
} as const satisfies Record<string, readonly UpdateName[]>;

export type EventKind = keyof typeof EVENT_UPDATES | 'Raw';

type ActionName = tl.TypeMessageAction['_'];

/**
 * Chat actions with a name of their own, from the service message's action.
 * Joined/left are told apart from added/removed by who acted (see chatActionKind).
 */
export const NAMED_CHAT_ACTIONS = {
  userJoined: ['messageActionChatJoinedByLink', 'messageActionChatJoinedByRequest'],
  userAdded: ['messageActionChatAddUser'],
  userRemoved: ['messageActionChatDeleteUser'],
  titleChanged: ['messageActionChatEditTitle'],
  photoChanged: ['messageActionChatEditPhoto'],
  photoDeleted: ['messageActionChatDeletePhoto'],
  pinned: ['messageActionPinMessage'],
  created: ['messageActionChatCreate', 'messageActionChannelCreate'],
  migrated: ['messageActionChatMigrateTo', 'messageActionChannelMigrateFrom'],
} as const satisfies Record<string, readonly ActionName[]>;

type Named = (typeof NAMED_CHAT_ACTIONS)[keyof typeof NAMED_CHAT_ACTIONS][number];

/** Every other service action keeps its schema name, minus the prefix: `messageActionGroupCall` -> `groupCall`. */
type Derived<N> = N extends `messageAction${infer Rest}` ? Uncapitalize<Rest> : never;

/** Every kind of chat action: the named ones, `userLeft`, and the rest of the schema's service actions. */
export type ChatActionKind = keyof typeof NAMED_CHAT_ACTIONS | 'userLeft' | Derived<Exclude<ActionName, Named | 'messageActionEmpty'>>;

const byAction = new Map<string, ChatActionKind>();
for (const [kind, actions] of Object.entries(NAMED_CHAT_ACTIONS)) for (const a of actions) byAction.set(a, kind as ChatActionKind);

/** The kind of a service message's action; `actor` is who sent it (a user adding or removing themself joined or left). */
export function chatActionKind(action: tl.TypeMessageAction, actor: bigint | undefined): ChatActionKind | undefined {
  if (action._ === 'messageActionEmpty') return undefined;
  if (action._ === 'messageActionChatAddUser' && actor !== undefined && action.users.length === 1 && action.users[0] === actor) return 'userJoined';
  if (action._ === 'messageActionChatDeleteUser' && actor !== undefined && action.userId === actor) return 'userLeft';
  const named = byAction.get(action._);
  if (named) return named;
  const rest = action._.slice('messageAction'.length);
  return (rest.charAt(0).toLowerCase() + rest.slice(1)) as ChatActionKind;
}

/** User statuses, as the schema names them. */
export const USER_STATUSES = {
  online: 'userStatusOnline',
  offline: 'userStatusOffline',
  recently: 'userStatusRecently',
  withinWeek: 'userStatusLastWeek',
  withinMonth: 'userStatusLastMonth',
  hidden: 'userStatusEmpty',
} as const satisfies Record<string, tl.TypeUserStatus['_']>;

export type UserStatusKind = keyof typeof USER_STATUSES;

const byStatus = new Map<string, UserStatusKind>(Object.entries(USER_STATUSES).map(([k, v]) => [v, k as UserStatusKind]));

export function userStatusKind(status: tl.TypeUserStatus): UserStatusKind {
  return byStatus.get(status._) ?? 'hidden';
}

/** Chat types, for the chatType filter. */
export const CHAT_TYPES = ['private', 'bot', 'group', 'supergroup', 'channel'] as const;
export type ChatType = (typeof CHAT_TYPES)[number];
