/**
 * Telegram's MarkdownV2 (core.telegram.org/bots/api#markdownv2-style) to a
 * `FormattedText`, following Telegram's own reading of it:
 * - `*bold*` `_italic_` `__underline__` `~strike~` `||spoiler||` `` `code` ``,
 *   ```` ```lang\npre``` ````, `[text](url)`, `[name](tg://user?id=1)`,
 *   `![👍](tg://emoji?id=1)`; a line starting with `>` is quoted, `**>` starts
 *   a new quote right after another, and `||` ending a quote's last line makes
 *   it expandable;
 * - `__` is always underline, read greedily left to right (write
 *   `___a_**__`, with an empty bold between, for italic inside underline);
 * - `\` escapes any character from 1 to 126; inside code and pre only `` ` ``
 *   and `\` are special, inside a link's `(...)` only `)` and `\`.
 * Refused with a `TextParseError`: an unescaped reserved character
 * (`_*[]()~`>#+-=|{}.!`) that opens nothing, entities left open or closed
 * across a quote's end, a custom emoji without a `tg://emoji?id=` link.
 * Forgiven, as Telegram does: a `\` before a character it cannot escape (a
 * letter outside ASCII, the end of the text) stays as it is; `[text]` with no
 * `(url)` links to its own text; `[text]()` is no link at all.
 */
import type { tl } from '../../../schema/index.js';
import { TextParseError, type TextParseProblem } from './errors.js';
import { EMOJI_LINK, SIMPLE_ENTITIES as SIMPLE, USER_LINK, type FormattedText } from './formatted-text.js';

type Kind = 'bold' | 'italic' | 'underline' | 'strike' | 'spoiler' | 'code' | 'pre' | 'link' | 'emoji' | 'quote';

interface Open {
  kind: Kind;
  /** Where its markup starts in the source. */
  at: number;
  /** Where its content starts in the text. */
  start: number;
  language?: string;
  entity?: tl.TypeMessageEntity;
}

const RESERVED = new Set('_*[]()~`>#+-=|{}.!');
const CODE_RESERVED = new Set('`');

const escapable = (c: string | undefined) => c !== undefined && c.charCodeAt(0) >= 1 && c.charCodeAt(0) <= 126;

export function parseMarkdown(source: string): FormattedText {
  const fail = (problem: TextParseProblem, at: number, message: string): never => {
    throw new TextParseError('markdown', problem, at, message);
  };
  let text = '';
  const opened: Open[] = [];
  const stack: Open[] = [];
  const n = source.length;
  let lineStart = true;
  const top = () => stack[stack.length - 1] as Open | undefined;
  const inCode = () => top()?.kind === 'code' || top()?.kind === 'pre';
  const quote = () => stack.find((o) => o.kind === 'quote');
  const open = (kind: Kind, at: number, language?: string) => {
    const o: Open = { kind, at, start: text.length, language };
    opened.push(o);
    stack.push(o);
  };
  const closeQuote = (end: number, at: number, collapsed: boolean) => {
    const q = stack.pop()!;
    if (q.kind !== 'quote') fail('mismatched', q.at, `${q.kind} must end before the blockquote it is in ends at ${at}`);
    if (end > q.start) q.entity = { _: 'messageEntityBlockquote', collapsed, offset: q.start, length: end - q.start };
  };

  let i = 0;
  while (i < n) {
    if (lineStart) {
      lineStart = false;
      // The '\n' that ended the last line is text's last character.
      if (source.startsWith('**>', i) && (quote() || !inCode())) {
        if (quote()) closeQuote(text.length - 1, i, false);
        open('quote', i);
        i += 3;
        continue;
      }
      if (source[i] === '>' && (quote() || !inCode())) {
        if (!quote()) open('quote', i);
        i++;
        continue;
      }
      if (quote()) closeQuote(text.length - 1, i, false);
    }
    const c = source[i];
    if (c === '\\' && escapable(source[i + 1])) {
      text += source[i + 1];
      lineStart = source[i + 1] === '\n';
      i += 2;
      continue;
    }
    if (!(inCode() ? CODE_RESERVED : RESERVED).has(c)) {
      text += c;
      lineStart = c === '\n';
      i++;
      continue;
    }
    const t = top();
    if (t && t.kind !== 'quote' && endsHere(t.kind, source, i)) {
      stack.pop();
      i = closeEntity(t, source, i, text, fail);
      continue;
    }
    // '||' at the end of a quote's line: the quote is expandable (and ends here).
    if (c === '|' && source[i + 1] === '|' && t?.kind === 'quote' && (i + 2 === n || source[i + 2] === '\n')) {
      closeQuote(text.length, i, true);
      i += 2;
      continue;
    }
    const at = i;
    if (c === '_' && source[i + 1] === '_') (open('underline', at), (i += 2));
    else if (c === '_') (open('italic', at), i++);
    else if (c === '*') (open('bold', at), i++);
    else if (c === '~') (open('strike', at), i++);
    else if (c === '|' && source[i + 1] === '|') (open('spoiler', at), (i += 2));
    else if (c === '[') (open('link', at), i++);
    else if (c === '!' && source[i + 1] === '[') (open('emoji', at), (i += 2));
    else if (c === '`' && source.startsWith('```', i)) {
      i += 3;
      // A language runs up to the first space or '`'; it counts only if that is not the end.
      let j = i;
      while (j < n && !/\s/.test(source[j]) && source[j] !== '`') j++;
      let language = '';
      if (j > i && j < n && source[j] !== '`') (language = source.slice(i, j)), (i = j);
      open('pre', at, language);
      // One line break right after the opening is not content.
      if (source[i] === '\n' || source[i] === '\r') {
        const pair = (source[i + 1] === '\n' || source[i + 1] === '\r') && source[i] !== source[i + 1];
        lineStart = source[i] === '\n' || pair;
        i += pair ? 2 : 1;
      }
    } else if (c === '`') (open('code', at), i++);
    else fail('unsupported', i, `character '${c}' is reserved and must be escaped with a preceding '\\'`);
  }
  const q = quote();
  if (q && top() === q) closeQuote(text.length, n, false);
  const unclosed = top();
  if (unclosed) fail('unclosed', unclosed.at, `${unclosed.kind} is never closed`);
  return { text, entities: opened.flatMap((o) => (o.entity ? [o.entity] : [])) };
}

function endsHere(kind: Kind, s: string, i: number): boolean {
  const c = s[i];
  switch (kind) {
    case 'bold':
      return c === '*';
    case 'italic':
      return c === '_' && s[i + 1] !== '_';
    case 'underline':
      return c === '_' && s[i + 1] === '_';
    case 'strike':
      return c === '~';
    case 'spoiler':
      return c === '|' && s[i + 1] === '|';
    case 'code':
      return c === '`';
    case 'pre':
      return s.startsWith('```', i);
    case 'link':
    case 'emoji':
      return c === ']';
    case 'quote':
      return false;
  }
}

/** Makes the entity that ends at `i` and returns where reading goes on. */
function closeEntity(o: Open, s: string, i: number, text: string, fail: (p: TextParseProblem, at: number, m: string) => never): number {
  const offset = o.start;
  const length = text.length - offset;
  switch (o.kind) {
    case 'underline':
    case 'spoiler':
      i += 2;
      break;
    case 'pre':
      i += 3;
      if (length > 0) o.entity = { _: 'messageEntityPre', offset, length, language: o.language ?? '' };
      return i;
    case 'link': {
      let url = text.slice(offset);
      i++;
      if (s[i] === '(') [url, i] = readUrl(s, i + 1, fail, 'link');
      const user = USER_LINK.exec(url);
      if (length === 0) return i;
      if (user) o.entity = { _: 'messageEntityMentionName', offset, length, userId: BigInt(user[1]) };
      else if (url !== '') o.entity = { _: 'messageEntityTextUrl', offset, length, url };
      return i;
    }
    case 'emoji': {
      if (s[i + 1] !== '(') fail('malformed', i, 'a custom emoji needs a (tg://emoji?id=...) link');
      const [url, next] = readUrl(s, i + 2, fail, 'custom emoji');
      const id = EMOJI_LINK.exec(url);
      if (!id) fail('malformed', i + 2, `a custom emoji needs a tg://emoji?id=... link, not ${JSON.stringify(url)}`);
      if (length > 0) o.entity = { _: 'messageEntityCustomEmoji', offset, length, documentId: BigInt(id![1]) };
      return next;
    }
    default:
      i++;
  }
  if (length > 0) o.entity = { _: SIMPLE[o.kind as keyof typeof SIMPLE], offset, length };
  return i;
}

/** The `(...)` part from `from` (after the '('), unescaped; and where reading goes on. */
function readUrl(s: string, from: number, fail: (p: TextParseProblem, at: number, m: string) => never, what: string): [string, number] {
  let url = '';
  let j = from;
  while (j < s.length && s[j] !== ')') {
    if (s[j] === '\\' && escapable(s[j + 1])) {
      url += s[j + 1];
      j += 2;
    } else url += s[j++];
  }
  if (j >= s.length) fail('unclosed', from - 1, `the ${what}'s (url) has no closing ')'`);
  return [url, j + 1];
}
