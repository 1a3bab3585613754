/**
 * A `FormattedText` as Telegram HTML: `parseHtml(toHtml(f))` gives `f` back
 * for style entities in the canonical order (see `sortEntities`). Entities
 * Telegram detects by itself (mentions, hashtags, URLs...) are written as
 * plain text; entities that cross each other are cut to nest.
 */
import type { FormattedText, StyleEntity } from './formatted-text.js';
import { mentionedUserId } from './formatted-text.js';
import { nestSpans, type Span } from './spans.js';

/** `<`, `>`, `&` (and `"`, for attribute values) as HTML entities. */
export function escapeHtml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '&quot;'));
}

export function toHtml(f: FormattedText): string {
  return write(f.text, nestSpans(f.text, f.entities));
}

function write(text: string, span: Span): string {
  let out = '';
  let at = span.start;
  for (const child of span.children) {
    out += escapeHtml(text.slice(at, child.start));
    const [open, close] = tags(child.entity!);
    out += open + write(text, child) + close;
    at = child.end;
  }
  return out + escapeHtml(text.slice(at, span.end));
}

function tags(e: StyleEntity): [string, string] {
  switch (e._) {
    case 'messageEntityBold':
      return ['<b>', '</b>'];
    case 'messageEntityItalic':
      return ['<i>', '</i>'];
    case 'messageEntityUnderline':
      return ['<u>', '</u>'];
    case 'messageEntityStrike':
      return ['<s>', '</s>'];
    case 'messageEntitySpoiler':
      return ['<tg-spoiler>', '</tg-spoiler>'];
    case 'messageEntityCode':
      return ['<code>', '</code>'];
    case 'messageEntityPre':
      return e.language ? [`<pre><code class="language-${escapeHtml(e.language)}">`, '</code></pre>'] : ['<pre>', '</pre>'];
    case 'messageEntityTextUrl':
      return [`<a href="${escapeHtml(e.url)}">`, '</a>'];
    case 'messageEntityMentionName':
    case 'inputMessageEntityMentionName': {
      const id = mentionedUserId(e);
      return id === undefined ? ['', ''] : [`<a href="tg://user?id=${id}">`, '</a>'];
    }
    case 'messageEntityCustomEmoji':
      return [`<tg-emoji emoji-id="${e.documentId}">`, '</tg-emoji>'];
    case 'messageEntityBlockquote':
      return [e.collapsed ? '<blockquote expandable>' : '<blockquote>', '</blockquote>'];
  }
}
