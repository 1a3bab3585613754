export { and, or, not, makeFilter } from './combine.js';
export { command, parseCommand, text, regex, chatType, fromUser, outgoing, incoming, hasMedia, type CommandOptions } from './message.js';
export { data, chatAction, userStatus } from './events.js';
