/**
 * A `FormattedText` as MarkdownV2: `parseMarkdown(toMarkdown(f))` gives `f`
 * back for style entities in the canonical order (see `sortEntities`) whose
 * blockquotes cover whole lines and do not nest inside other entities.
 * What MarkdownV2 cannot say is written as near as it can, keeping the text:
 * a blockquote grows to whole lines (the `>` marks lines); an entity that
 * holds or crosses a quote is cut at the quote's edges; entities inside code
 * and pre are dropped (nothing is markup there); Telegram-detected entities
 * (mentions, hashtags, URLs...) are plain text.
 */
import type { tl } from '../../../schema/index.js';
import { isStyleEntity, mentionedUserId, type FormattedText, type StyleEntity } from './formatted-text.js';
import { nestSpans, type Span } from './spans.js';

/** Escapes every character MarkdownV2 reserves, and `\`: safe anywhere, inside code and links too. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, '\\$&');
}

export function toMarkdown(f: FormattedText): string {
  const w = new MarkdownWriter(f.text);
  w.span(nestSpans(f.text, forMarkdown(f.text, f.entities)));
  return w.out;
}

class MarkdownWriter {
  out = '';
  private readonly open: StyleEntity['_'][] = [];
  /** The last thing written was an `_` or `__` marker: a next one must be kept apart. */
  private afterUnderscore = false;
  private quote: Span | undefined;
  private lastQuote: { end: number; collapsed: boolean } | undefined;

  constructor(private readonly text: string) {}

  span(span: Span): void {
    let at = span.start;
    for (const child of span.children) {
      this.plain(at, child.start);
      this.entity(child);
      at = child.end;
    }
    this.plain(at, span.end);
  }

  private entity(span: Span): void {
    const e = span.entity!;
    switch (e._) {
      case 'messageEntityBold':
        return this.wrap(span, '*', '*');
      case 'messageEntityItalic':
        return this.wrap(span, '_', '_');
      case 'messageEntityUnderline':
        return this.wrap(span, '__', '__');
      case 'messageEntityStrike':
        return this.wrap(span, '~', '~');
      case 'messageEntitySpoiler':
        // '||' before a quoted line's end would read as "expandable": an empty bold keeps it apart.
        return this.wrap(span, this.quote && this.text[span.start] === '\n' ? '||**' : '||', '||');
      case 'messageEntityCode':
        this.marker('`');
        this.code(span.start, span.end);
        return this.marker('`');
      case 'messageEntityPre':
        this.marker('```' + e.language.replace(/[\s`]/g, '') + '\n' + (this.quote ? '>' : ''));
        if (this.text[span.start] === '\r') this.out += '\\';
        this.code(span.start, span.end);
        return this.marker('```');
      case 'messageEntityTextUrl':
        return this.wrap(span, '[', `](${escapeUrl(e.url)})`);
      case 'messageEntityMentionName':
      case 'inputMessageEntityMentionName': {
        const id = mentionedUserId(e);
        return id === undefined ? this.span(span) : this.wrap(span, '[', `](tg://user?id=${id})`);
      }
      case 'messageEntityCustomEmoji':
        return this.wrap(span, '![', `](tg://emoji?id=${e.documentId})`);
      case 'messageEntityBlockquote': {
        const last = this.lastQuote;
        this.marker(last && !last.collapsed && last.end === span.start - 1 ? '**>' : '>');
        this.quote = span;
        this.span(span);
        this.quote = undefined;
        this.lastQuote = { end: span.end, collapsed: !!e.collapsed };
        if (e.collapsed) this.marker('||');
      }
    }
  }

  private wrap(span: Span, before: string, after: string): void {
    this.marker(before);
    this.open.push(span.entity!._);
    this.span(span);
    this.open.pop();
    this.marker(after);
  }

  private marker(m: string): void {
    if (m.startsWith('_') && this.afterUnderscore) {
      // "_a_" then "__" would read as "_a" + "___": an empty bold (or strike, inside a bold) separates them.
      this.out += this.open[this.open.length - 1] === 'messageEntityBold' ? '~~' : '**';
    }
    this.out += m;
    this.afterUnderscore = m.endsWith('_');
  }

  private plain(from: number, to: number): void {
    if (to <= from) return;
    this.out += this.quoted(escapeMarkdown(this.text.slice(from, to)));
    this.afterUnderscore = false;
  }

  private code(from: number, to: number): void {
    this.out += this.quoted(this.text.slice(from, to).replace(/[`\\]/g, '\\$&'));
    this.afterUnderscore = false;
  }

  /** Inside a quote every line starts with '>'. */
  private quoted(s: string): string {
    return this.quote ? s.replace(/\n/g, '\n>') : s;
  }
}

const escapeUrl = (url: string) => url.replace(/[)\\]/g, '\\$&');

/**
 * The entities reshaped for what MarkdownV2 can say: quotes cover whole
 * lines and never overlap; other entities are cut at quote edges, and a piece
 * that would end on the line break before a quote ends just before it, one
 * that would start on the line break after a quote starts just after it (a
 * quote's '>' must start its line, and the quote lasts to its line's end).
 */
function forMarkdown(text: string, entities: readonly tl.TypeMessageEntity[]): tl.TypeMessageEntity[] {
  const quotes: tl.MessageEntityBlockquote[] = [];
  const byStart = entities
    .filter((e): e is tl.MessageEntityBlockquote => e._ === 'messageEntityBlockquote' && e.length > 0)
    .map((e) => wholeLines(text, e))
    .sort((a, b) => a.offset - b.offset);
  for (const q of byStart) {
    const last = quotes[quotes.length - 1];
    if (last && q.offset <= last.offset + last.length) {
      const end = Math.max(last.offset + last.length, q.offset + q.length);
      quotes[quotes.length - 1] = { ...last, length: end - last.offset, collapsed: last.collapsed || q.collapsed };
    } else quotes.push(q);
  }
  const cuts = quotes.flatMap((q) => [q.offset, q.offset + q.length]);
  const starts = new Set(quotes.map((q) => q.offset));
  const ends = new Set(quotes.map((q) => q.offset + q.length));
  const out: tl.TypeMessageEntity[] = [];
  for (const e of entities) {
    if (e._ === 'messageEntityBlockquote') {
      const q = quotes.find((q) => q.offset <= e.offset && e.offset < q.offset + q.length);
      if (q && !out.includes(q)) out.push(q);
      continue;
    }
    if (!isStyleEntity(e)) continue;
    let from = e.offset;
    const end = e.offset + e.length;
    for (const cut of [...cuts.filter((c) => c > from && c < end), end]) {
      const at = ends.has(from) && text[from] === '\n' ? from + 1 : from;
      const to = starts.has(cut) && text[cut - 1] === '\n' ? cut - 1 : cut;
      if (to > at) out.push({ ...e, offset: at, length: to - at });
      from = cut;
    }
  }
  return out;
}

function wholeLines(text: string, q: tl.MessageEntityBlockquote): tl.MessageEntityBlockquote {
  let start = Math.max(0, q.offset);
  let end = Math.min(text.length, q.offset + q.length);
  if (end - start > 1 && text[end - 1] === '\n') end--;
  while (start > 0 && text[start - 1] !== '\n') start--;
  while (end < text.length && text[end] !== '\n') end++;
  return { _: 'messageEntityBlockquote', collapsed: !!q.collapsed, offset: start, length: end - start };
}
