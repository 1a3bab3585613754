/**
 * Property tests: random texts (astral characters, ZWJ families, flags,
 * combining marks, markup characters) with random nested and adjacent
 * entities go through toHtml / toMarkdown and parse back to the same value;
 * any entity list at all (crossing, inside code, quotes mid-line) writes
 * markup that parses back to the same text.
 */
import { expect } from 'chai';
import type { tl } from '../../../../src/schema/index.js';
import { html, md, parseHtml, parseMarkdown, sortEntities, toHtml, toMarkdown, type FormattedText } from '../../../../src/protocol/client/text/index.js';

/** Deterministic randomness, so a failure replays (mulberry32). */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const GRAPHEMES = ['a', 'Z', ' ', '👍', '🇺🇦', '👨‍👩‍👧‍👦', 'e\u0301', '漢', '𝄞', '👍🏽', '*', '_', '__', '~', '|', '`', '\\', '[', ']', '(', ')', '.', '!', '>', '<', '&', '&lt;', '"', "'", '#', '-', '\n'];
const URLS = ['https://example.com/', 'http://a.b/c?d=1&e=2', 'https://x.y/(paren)', 'http://q.r/"quote"\\back'];
type Made = tl.TypeMessageEntity;

function makeEntity(kind: number, offset: number, length: number, rnd: (n: number) => number): Made {
  switch (kind) {
    case 0: return { _: 'messageEntityBold', offset, length };
    case 1: return { _: 'messageEntityItalic', offset, length };
    case 2: return { _: 'messageEntityUnderline', offset, length };
    case 3: return { _: 'messageEntityStrike', offset, length };
    case 4: return { _: 'messageEntitySpoiler', offset, length };
    case 5: return { _: 'messageEntityCode', offset, length };
    case 6: return { _: 'messageEntityPre', offset, length, language: ['', 'ts', 'python'][rnd(3)] };
    case 7: return { _: 'messageEntityTextUrl', offset, length, url: URLS[rnd(URLS.length)] };
    case 8: return { _: 'messageEntityMentionName', offset, length, userId: BigInt(1 + rnd(1e9)) };
    default: return { _: 'messageEntityCustomEmoji', offset, length, documentId: 5368324170671202286n + BigInt(rnd(1000)) };
  }
}

const LEAVES = new Set(['messageEntityCode', 'messageEntityPre', 'messageEntityCustomEmoji']);
const LINKS = new Set(['messageEntityTextUrl', 'messageEntityMentionName']);
const end = (e: Made) => e.offset + e.length;

/** May `inner` sit inside `outer` (as Telegram allows and markup can say)? */
function mayContain(outer: Made, inner: Made): boolean {
  if (LEAVES.has(outer._) || outer._ === inner._) return false;
  return !(LINKS.has(outer._) && LINKS.has(inner._));
}

/** Random entities on grapheme boundaries of `[from, from + text.length)`, nested or disjoint. */
function entitiesIn(text: string[], from: number, rnd: (n: number) => number): Made[] {
  const bounds = [from];
  for (const g of text) bounds.push(bounds[bounds.length - 1] + g.length);
  const kept: Made[] = [];
  for (let tries = rnd(12); tries > 0; tries--) {
    const a = rnd(bounds.length - 1);
    const b = a + 1 + rnd(bounds.length - 1 - a);
    const e = makeEntity(rnd(10), bounds[a], bounds[b] - bounds[a], rnd);
    const fits = kept.every((k) => {
      if (end(k) <= e.offset || end(e) <= k.offset) return true;
      const same = k.offset === e.offset && end(k) === end(e);
      if (same) return !LEAVES.has(k._) && !LEAVES.has(e._) && k._ !== e._ && !(LINKS.has(k._) && LINKS.has(e._));
      if (k.offset <= e.offset && end(e) <= end(k)) return mayContain(k, e);
      if (e.offset <= k.offset && end(k) <= end(e)) return mayContain(e, k);
      return false;
    });
    if (fits) kept.push(e);
  }
  return kept;
}

/** A text of plain and quoted paragraphs (joined by line breaks no entity covers), its entities in canonical order. */
function randomText(rnd: (n: number) => number): FormattedText {
  let text = '';
  const entities: Made[] = [];
  for (let p = 1 + rnd(4); p > 0; p--) {
    if (text !== '') text += '\n';
    const graphemes = Array.from({ length: 1 + rnd(12) }, () => GRAPHEMES[rnd(GRAPHEMES.length)]);
    const quoted = rnd(3) === 0;
    if (quoted && graphemes[graphemes.length - 1] === '\n') graphemes.push('a');
    const at = text.length;
    text += graphemes.join('');
    if (quoted) entities.push({ _: 'messageEntityBlockquote', collapsed: rnd(2) === 0, offset: at, length: text.length - at });
    entities.push(...entitiesIn(graphemes, at, rnd));
  }
  return { text, entities: sortEntities(entities) };
}

describe('formatting round trips', () => {
  it('parseHtml(toHtml(f)) equals f for 2,000 random texts', () => {
    const rnd = random(1);
    for (let i = 0; i < 2000; i++) {
      const f = randomText(rnd);
      const source = toHtml(f);
      expect(parseHtml(source), `#${i}: ${source}`).to.deep.equal(f);
    }
  });

  it('parseMarkdown(toMarkdown(f)) equals f for 2,000 random texts', () => {
    const rnd = random(2);
    for (let i = 0; i < 2000; i++) {
      const f = randomText(rnd);
      const source = toMarkdown(f);
      expect(parseMarkdown(source), `#${i}: ${source}`).to.deep.equal(f);
    }
  });

  it('writes parseable markup with the same text for any entity list: crossing, inside code, quotes mid-line', () => {
    const rnd = random(3);
    for (let i = 0; i < 2000; i++) {
      const graphemes = Array.from({ length: 1 + rnd(20) }, () => GRAPHEMES[rnd(GRAPHEMES.length)]);
      const text = graphemes.join('');
      const entities: Made[] = [];
      for (let k = rnd(8); k > 0; k--) {
        const a = rnd(text.length + 1);
        const e = rnd(5) === 0
          ? { _: 'messageEntityBlockquote' as const, collapsed: rnd(2) === 0, offset: a, length: rnd(text.length + 1 - a) }
          : makeEntity(rnd(10), a, rnd(text.length + 1 - a), rnd);
        entities.push(e);
      }
      const f = { text, entities };
      if (process.env.DEBUG_MD) try { parseMarkdown(toMarkdown(f)); } catch (e) { console.log(JSON.stringify(f, (k, v) => typeof v === 'bigint' ? String(v) : v), JSON.stringify(toMarkdown(f))); throw e; }
      expect(parseHtml(toHtml(f)).text, `#${i} html`).to.equal(text);
      expect(parseMarkdown(toMarkdown(f)).text, `#${i} markdown: ${toMarkdown(f)}`).to.equal(text);
    }
  });

  it('reads entities back with their exact UTF-16 spans on astral characters', () => {
    const f: FormattedText = {
      text: '👨‍👩‍👧‍👦🇺🇦e\u0301漢👍🏽',
      entities: [
        { _: 'messageEntityBold', offset: 0, length: 11 },
        { _: 'messageEntityItalic', offset: 11, length: 4 },
        { _: 'messageEntitySpoiler', offset: 11, length: 7 },
        { _: 'messageEntityCode', offset: 18, length: 4 },
      ],
    };
    const canonical = { text: f.text, entities: sortEntities(f.entities) };
    expect(parseHtml(toHtml(f))).to.deep.equal(canonical);
    expect(parseMarkdown(toMarkdown(f))).to.deep.equal(canonical);
    expect(toMarkdown(f)).to.equal('*👨‍👩‍👧‍👦*||_🇺🇦_e\u0301漢||`👍🏽`');
  });
});

describe('html and md templates', () => {
  it('escape interpolated strings so they can add no markup', () => {
    const name = '<b>*evil*</b> & _co_ [x](y)';
    expect(html`<b>${name}</b>!`).to.deep.equal({ text: `${name}!`, entities: [{ _: 'messageEntityBold', offset: 0, length: name.length }] });
    expect(md`*${name}*\\!`).to.deep.equal({ text: `${name}!`, entities: [{ _: 'messageEntityBold', offset: 0, length: name.length }] });
    expect(html`<a href="${'http://a.b/?q="x"&y'}">l</a>`.entities).to.deep.equal([{ _: 'messageEntityTextUrl', offset: 0, length: 1, url: 'http://a.b/?q="x"&y' }]);
    expect(md`[l](${'http://a.b/(x)'})`.entities).to.deep.equal([{ _: 'messageEntityTextUrl', offset: 0, length: 1, url: 'http://a.b/(x)' }]);
  });

  it('keep the entities of an interpolated FormattedText, shifted to where it lands', () => {
    const inner = html`<i>👍 ${'x'}</i>`;
    for (const f of [html`👨‍👩‍👧‍👦 <b>${inner}</b> ${42n}`, md`👨‍👩‍👧‍👦 *${inner}* ${42n}`]) {
      expect(f).to.deep.equal({
        text: '👨‍👩‍👧‍👦 👍 x 42',
        entities: [
          { _: 'messageEntityBold', offset: 12, length: 4 },
          { _: 'messageEntityItalic', offset: 12, length: 4 },
        ],
      });
    }
  });
});
