/**
 * `FormattedText`: a message text and its entities, the form every
 * `messages.sendMessage`-like request takes. Offsets and lengths count UTF-16
 * code units, as Telegram's do and as JavaScript strings index, so a slice of
 * `text` at an entity's offset is exactly what the entity covers (an emoji
 * outside the BMP counts 2, a family ZWJ sequence counts every joined part).
 */
import type { tl } from '../../../schema/index.js';

export interface FormattedText {
  text: string;
  entities: tl.TypeMessageEntity[];
}

/** The entities HTML and MarkdownV2 can write; Telegram detects the others (mentions, URLs, hashtags...) itself. */
export type StyleEntity =
  | tl.MessageEntityBold
  | tl.MessageEntityItalic
  | tl.MessageEntityUnderline
  | tl.MessageEntityStrike
  | tl.MessageEntitySpoiler
  | tl.MessageEntityCode
  | tl.MessageEntityPre
  | tl.MessageEntityTextUrl
  | tl.MessageEntityMentionName
  | tl.InputMessageEntityMentionName
  | tl.MessageEntityCustomEmoji
  | tl.MessageEntityBlockquote;

const STYLES = new Set<string>([
  'messageEntityBold',
  'messageEntityItalic',
  'messageEntityUnderline',
  'messageEntityStrike',
  'messageEntitySpoiler',
  'messageEntityCode',
  'messageEntityPre',
  'messageEntityTextUrl',
  'messageEntityMentionName',
  'inputMessageEntityMentionName',
  'messageEntityCustomEmoji',
  'messageEntityBlockquote',
]);

export const isStyleEntity = (e: tl.TypeMessageEntity): e is StyleEntity => STYLES.has(e._);

/** `tg://user?id=<id>`: the link form of a mention by id. */
/** The styles both markups write as a plain pair of markers, by the name the parsers give them. */
export const SIMPLE_ENTITIES = {
  bold: 'messageEntityBold',
  italic: 'messageEntityItalic',
  underline: 'messageEntityUnderline',
  strike: 'messageEntityStrike',
  spoiler: 'messageEntitySpoiler',
  code: 'messageEntityCode',
} as const;

export const USER_LINK = /^tg:\/\/user\?id=(\d{1,19})$/i;
/** `tg://emoji?id=<id>`: the link form of a custom emoji (MarkdownV2). */
export const EMOJI_LINK = /^tg:\/\/emoji\?id=(\d{1,19})$/i;

/** The user a mention entity names, for both the received and the input form. */
export function mentionedUserId(e: tl.MessageEntityMentionName | tl.InputMessageEntityMentionName): bigint | undefined {
  if (e._ === 'messageEntityMentionName') return e.userId;
  const u = e.userId;
  return u._ === 'inputUser' || u._ === 'inputUserFromMessage' ? u.userId : undefined;
}

/**
 * The canonical entity order, the one the parsers produce: by offset, then
 * the longer (enclosing) first; on a tie a blockquote first, otherwise as
 * given (the first is the outer one). Round trips are exact for texts whose
 * entities are in this order.
 */
export function sortEntities<E extends tl.TypeMessageEntity>(entities: readonly E[]): E[] {
  return entities
    .map((e, i) => ({ e, i }))
    .sort((a, b) => compareSpans(a.e, b.e) || a.i - b.i)
    .map((x) => x.e);
}

export function compareSpans(a: { _: string; offset: number; length: number }, b: { _: string; offset: number; length: number }): number {
  return a.offset - b.offset || b.offset + b.length - (a.offset + a.length) || quoteRank(a) - quoteRank(b);
}

const quoteRank = (e: { _: string }) => (e._ === 'messageEntityBlockquote' ? 0 : 1);
