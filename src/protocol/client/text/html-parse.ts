/**
 * Telegram's HTML (core.telegram.org/bots/api#html-style) to a
 * `FormattedText`, refusing what Telegram refuses with a `TextParseError`:
 * - unknown tags (`<br>`, `<div>`) and a `<` that starts no tag: write `&lt;`;
 * - end tags that close nothing or not the innermost open tag, and tags left open;
 * - `<span>` without `class="tg-spoiler"`, `<tg-emoji>` without a numeric `emoji-id`.
 * Forgiven, as Telegram does: tag and attribute names in any case, unknown
 * attributes (ignored), single, double or no quotes around values, a `>` in
 * text, and an `&` that starts no known entity (kept as it is: only `&lt;`,
 * `&gt;`, `&amp;`, `&quot;` and numeric entities are decoded).
 */
import type { tl } from '../../../schema/index.js';
import { TextParseError, type TextParseProblem } from './errors.js';
import { SIMPLE_ENTITIES as SIMPLE, USER_LINK, type FormattedText } from './formatted-text.js';

type Kind = 'bold' | 'italic' | 'underline' | 'strike' | 'spoiler' | 'code' | 'pre' | 'link' | 'emoji' | 'quote';

const TAGS: Record<string, Kind> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strike',
  strike: 'strike',
  del: 'strike',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  code: 'code',
  pre: 'pre',
  a: 'link',
  'tg-emoji': 'emoji',
  blockquote: 'quote',
};


interface Open {
  tag: string;
  kind: Kind;
  attrs: Map<string, string>;
  /** Where the tag starts in the source. */
  at: number;
  /** Where its content starts in the text. */
  start: number;
  end?: number;
  entity?: tl.TypeMessageEntity;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const SPACE = /\s/;

export function parseHtml(source: string): FormattedText {
  const fail = (problem: TextParseProblem, at: number, message: string): never => {
    throw new TextParseError('html', problem, at, message);
  };
  let text = '';
  const opened: Open[] = [];
  const stack: Open[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source[i];
    if (c === '&') {
      const entity = decodeEntity(source, i);
      text += entity?.char ?? '&';
      i = entity?.next ?? i + 1;
      continue;
    }
    if (c !== '<') {
      let j = i + 1;
      while (j < n && source[j] !== '<' && source[j] !== '&') j++;
      text += source.slice(i, j);
      i = j;
      continue;
    }
    if (source[i + 1] === '/') {
      let j = i + 2;
      while (j < n && !SPACE.test(source[j]) && source[j] !== '>') j++;
      const name = source.slice(i + 2, j).toLowerCase();
      while (j < n && SPACE.test(source[j])) j++;
      if (source[j] !== '>') fail('malformed', i, `end tag </${name}> is not closed with '>'`);
      const top = stack.pop();
      if (!top) fail('mismatched', i, `end tag </${name}> closes no open tag`);
      else if (top.tag !== name) fail('mismatched', i, `end tag </${name}> where </${top.tag}> was expected (tags must nest)`);
      else close(top, text, opened);
      i = j + 1;
      continue;
    }
    // A start tag: its name, then attributes up to '>'.
    let j = i + 1;
    while (j < n && !SPACE.test(source[j]) && source[j] !== '>') j++;
    const tag = source.slice(i + 1, j).toLowerCase();
    const kind = TAGS[tag];
    if (kind === undefined) {
      fail('unsupported', i, tag === '' ? "a '<' that starts no tag: write it as &lt;" : `unsupported tag <${tag}> (Telegram knows b, strong, i, em, u, ins, s, strike, del, tg-spoiler, span, code, pre, a, tg-emoji, blockquote)`);
    }
    const attrs = new Map<string, string>();
    for (;;) {
      while (j < n && SPACE.test(source[j])) j++;
      if (j >= n) fail('malformed', i, `tag <${tag}> is not closed with '>'`);
      if (source[j] === '>') break;
      const nameAt = j;
      while (j < n && !SPACE.test(source[j]) && source[j] !== '=' && source[j] !== '>') j++;
      const name = source.slice(nameAt, j).toLowerCase();
      if (name === '') fail('malformed', j, `an attribute of <${tag}> has no name`);
      while (j < n && SPACE.test(source[j])) j++;
      let value = '';
      if (source[j] === '=') {
        j++;
        while (j < n && SPACE.test(source[j])) j++;
        const quote = source[j];
        if (quote === '"' || quote === "'") {
          const endQuote = source.indexOf(quote, j + 1);
          if (endQuote < 0) fail('malformed', j, `the value of ${name} in <${tag}> has no closing ${quote}`);
          value = decodeAll(source.slice(j + 1, endQuote));
          j = endQuote + 1;
        } else {
          const valueAt = j;
          while (j < n && !SPACE.test(source[j]) && source[j] !== '>') j++;
          value = decodeAll(source.slice(valueAt, j));
        }
      }
      attrs.set(name, value);
    }
    if (tag === 'span' && attrs.get('class') !== 'tg-spoiler') fail('unsupported', i, '<span> must have class="tg-spoiler"');
    if (tag === 'tg-emoji' && !/^\d{1,19}$/.test(attrs.get('emoji-id') ?? '')) fail('malformed', i, '<tg-emoji> needs a numeric emoji-id');
    const open: Open = { tag, kind: kind!, attrs, at: i, start: text.length };
    opened.push(open);
    stack.push(open);
    i = j + 1;
  }
  const unclosed = stack.pop();
  if (unclosed) fail('unclosed', unclosed.at, `<${unclosed.tag}> is never closed`);
  return { text, entities: opened.flatMap((o) => (o.entity ? [o.entity] : [])) };
}

/** Makes the entity of a tag that just closed (nothing for an empty one, as Telegram drops those). */
function close(open: Open, text: string, opened: Open[]): void {
  open.end = text.length;
  const offset = open.start;
  const length = open.end - offset;
  if (open.kind === 'pre') {
    // <pre><code class="language-x">...</code></pre> is one pre block in language x.
    const last = opened[opened.length - 1];
    let language = '';
    if (last !== open && last.kind === 'code' && last.start === open.start && last.end === open.end) {
      language = /^language-(.+)$/.exec(last.attrs.get('class') ?? '')?.[1] ?? '';
      opened.pop();
    }
    if (length > 0) open.entity = { _: 'messageEntityPre', offset, length, language };
    return;
  }
  if (length === 0) return;
  switch (open.kind) {
    case 'link': {
      const url = (open.attrs.get('href') ?? text.slice(offset)).trim();
      const user = USER_LINK.exec(url);
      if (user) open.entity = { _: 'messageEntityMentionName', offset, length, userId: BigInt(user[1]) };
      else if (url !== '') open.entity = { _: 'messageEntityTextUrl', offset, length, url };
      return;
    }
    case 'emoji':
      open.entity = { _: 'messageEntityCustomEmoji', offset, length, documentId: BigInt(open.attrs.get('emoji-id')!) };
      return;
    case 'quote':
      open.entity = { _: 'messageEntityBlockquote', collapsed: open.attrs.has('expandable'), offset, length };
      return;
    default:
      open.entity = { _: SIMPLE[open.kind], offset, length };
  }
}

/** `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&#65;`, `&#x41;` at `at`; undefined when it is none (the `&` stays as it is). */
function decodeEntity(s: string, at: number): { char: string; next: number } | undefined {
  const m = /^&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z]+));/.exec(s.slice(at, at + 12));
  if (!m) return undefined;
  const next = at + m[0].length;
  if (m[3] !== undefined) {
    const char = NAMED[m[3].toLowerCase()];
    return char === undefined ? undefined : { char, next };
  }
  const code = m[1] !== undefined ? Number(m[1]) : parseInt(m[2], 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { char: String.fromCodePoint(code), next };
}

function decodeAll(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const e = s[i] === '&' ? decodeEntity(s, i) : undefined;
    out += e?.char ?? s[i];
    i = e?.next ?? i + 1;
  }
  return out;
}
