/** Filters over messages: commands, text, regexes, chat types, senders, direction, media. */
import type { tl } from '../../schema/index.js';
import type { Client } from '../../protocol/client/client.js';
import type { Filter } from '../composer/types.js';
import type { ParsedCommand } from '../context/context.js';
import { CHAT_TYPES, type ChatType } from '../events/kinds.js';
import { makeFilter } from './combine.js';

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/i;

export interface CommandOptions {
  /** What a command starts with. Default ['/']. */
  prefixes?: string[];
}

/**
 * A command: `/start`, `/start a b`, `/start@my_bot` (a suffix naming another
 * bot does not match). Names compare case-insensitively. Sets `ctx.command`.
 */
export function command(names: string | readonly string[], options: CommandOptions = {}): Filter<{ text: string; client: Client }, { command: ParsedCommand }> {
  const list = (typeof names === 'string' ? [names] : [...names]).map((n) => {
    if (typeof n !== 'string' || !COMMAND_NAME.test(n)) throw new TypeError(`command(): ${JSON.stringify(n)} is not a command name (1-32 letters, digits or _)`);
    return n.toLowerCase();
  });
  const prefixes = options.prefixes ?? ['/'];
  return makeFilter((ctx: { text: string; client: Client; command?: ParsedCommand }) => {
    const parsed = parseCommand(ctx.text, prefixes, ctx.client.self?.username);
    if (!parsed || !list.includes(parsed.name)) return false;
    ctx.command = parsed;
    return true;
  });
}

/** Parses `/name@bot args`; undefined if it is not a command (or names another bot). */
export function parseCommand(text: string, prefixes: readonly string[], selfUsername: string | undefined): ParsedCommand | undefined {
  const prefix = prefixes.find((p) => text.startsWith(p));
  if (prefix === undefined) return undefined;
  const head = /^(\S+)\s*/.exec(text.slice(prefix.length));
  if (!head) return undefined;
  const [name, botname] = head[1].split('@', 2);
  if (!COMMAND_NAME.test(name)) return undefined;
  if (botname !== undefined && botname.toLowerCase() !== selfUsername?.toLowerCase()) return undefined;
  const argsText = text.slice(prefix.length + head[0].length).trim();
  return { name: name.toLowerCase(), args: argsText ? argsText.split(/\s+/) : [], argsText, ...(botname === undefined ? {} : { botname }) };
}

/** Exactly this text (or one of these). */
export function text(expected: string | readonly string[]): Filter<{ text: string }> {
  const list = typeof expected === 'string' ? [expected] : expected;
  return makeFilter((ctx: { text: string }) => list.includes(ctx.text));
}

/** The text matches `pattern`; sets `ctx.match`. A string pattern is a case-sensitive substring. */
export function regex(pattern: RegExp | string): Filter<{ text: string }, { match: RegExpMatchArray }> {
  if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) throw new TypeError('regex(): pass a RegExp or a string');
  const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
  return makeFilter((ctx: { text: string; match?: RegExpMatchArray }) => {
    re.lastIndex = 0; // a /g or /y regex keeps state between calls
    const match = re.exec(ctx.text);
    if (!match) return false;
    ctx.match = match;
    return true;
  });
}

/** The chat is of one of these types. */
export function chatType<T extends ChatType>(...types: T[]): Filter<{ chatType: ChatType | undefined }, { chatType: T }> {
  for (const t of types) if (!CHAT_TYPES.includes(t)) throw new TypeError(`chatType(): ${JSON.stringify(t)} is not one of ${CHAT_TYPES.join(', ')}`);
  return makeFilter((ctx: { chatType: ChatType | undefined }) => ctx.chatType !== undefined && (types as ChatType[]).includes(ctx.chatType));
}

/** Sent by one of these users (ids). */
export function fromUser(...ids: bigint[]): Filter<{ senderId: bigint | undefined }, { senderId: bigint }> {
  for (const id of ids) if (typeof id !== 'bigint') throw new TypeError(`fromUser(): user ids are bigints, got ${typeof id}`);
  const set = new Set(ids);
  return makeFilter((ctx: { senderId: bigint | undefined }) => ctx.senderId !== undefined && set.has(ctx.senderId));
}

/** Sent by the logged-in account. */
export const outgoing: Filter<{ outgoing: boolean }, { outgoing: true }> = makeFilter((ctx: { outgoing: boolean }) => ctx.outgoing);

/** Sent by someone else. */
export const incoming: Filter<{ outgoing: boolean }, { outgoing: false }> = makeFilter((ctx: { outgoing: boolean }) => !ctx.outgoing);

/** Media kinds, by the schema's messageMedia constructor. */
const MEDIA = {
  photo: 'messageMediaPhoto',
  document: 'messageMediaDocument',
  geo: 'messageMediaGeo',
  contact: 'messageMediaContact',
  poll: 'messageMediaPoll',
  venue: 'messageMediaVenue',
  dice: 'messageMediaDice',
} as const satisfies Record<string, tl.TypeMessageMedia['_']>;

/** The message has media (of one of these kinds, if given). */
export function hasMedia(...kinds: (keyof typeof MEDIA)[]): Filter<{ message: tl.Message }, { message: { media: tl.TypeMessageMedia } }> {
  for (const k of kinds) if (!(k in MEDIA)) throw new TypeError(`hasMedia(): ${JSON.stringify(k)} is not one of ${Object.keys(MEDIA).join(', ')}`);
  const wanted = new Set<string>(kinds.map((k) => MEDIA[k]));
  return makeFilter((ctx: { message: tl.Message }) => {
    const media = ctx.message.media;
    return media !== undefined && media._ !== 'messageMediaEmpty' && (wanted.size === 0 || wanted.has(media._));
  });
}
