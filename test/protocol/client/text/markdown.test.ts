/** MarkdownV2 to entities, read as Telegram reads it: escapes, greedy `__`, quotes, and a typed error for each malformed input. */
import { expect } from 'chai';
import { parseMarkdown, TextParseError, type TextParseProblem } from '../../../../src/protocol/client/text/index.js';

function refused(source: string, problem: TextParseProblem, position: number): TextParseError {
  try {
    parseMarkdown(source);
  } catch (e) {
    expect(e).to.be.instanceOf(TextParseError);
    const err = e as TextParseError;
    expect(err.syntax).to.equal('markdown');
    expect(err.problem, err.message).to.equal(problem);
    expect(err.position, err.message).to.equal(position);
    return err;
  }
  throw new Error(`accepted ${JSON.stringify(source)}`);
}

const spans = (source: string) => parseMarkdown(source).entities.map((e) => [e._, e.offset, e.length]);

describe('parseMarkdown', () => {
  it("reads Telegram's example of nested styles", () => {
    const f = parseMarkdown('*bold _italic bold ~italic bold strikethrough ||italic bold strikethrough spoiler||~ __underline italic bold___ bold*');
    expect(f.text).to.equal('bold italic bold italic bold strikethrough italic bold strikethrough spoiler underline italic bold bold');
    const slices = f.entities.map((e) => [e._, f.text.slice(e.offset, e.offset + e.length)]);
    expect(slices).to.deep.equal([
      ['messageEntityBold', f.text],
      ['messageEntityItalic', 'italic bold italic bold strikethrough italic bold strikethrough spoiler underline italic bold'],
      ['messageEntityStrike', 'italic bold strikethrough italic bold strikethrough spoiler'],
      ['messageEntitySpoiler', 'italic bold strikethrough spoiler'],
      ['messageEntityUnderline', 'underline italic bold'],
    ]);
  });

  it('reads code, pre with and without a language, links, mentions and custom emoji', () => {
    const f = parseMarkdown('`a\\`b` ```\nplain``` ```python\nx = 1\n``` [site](http://e.com/a\\)b) [Ann](tg://user?id=42) ![👍](tg://emoji?id=5368324170671202286)');
    expect(f.text).to.equal('a`b plain x = 1\n site Ann 👍');
    expect(f.entities).to.deep.equal([
      { _: 'messageEntityCode', offset: 0, length: 3 },
      { _: 'messageEntityPre', offset: 4, length: 5, language: '' },
      { _: 'messageEntityPre', offset: 10, length: 6, language: 'python' },
      { _: 'messageEntityTextUrl', offset: 17, length: 4, url: 'http://e.com/a)b' },
      { _: 'messageEntityMentionName', offset: 22, length: 3, userId: 42n },
      { _: 'messageEntityCustomEmoji', offset: 26, length: 2, documentId: 5368324170671202286n },
    ]);
  });

  it('takes only ` and \\ as special inside code and pre', () => {
    expect(parseMarkdown('`*_[.!`').text).to.equal('*_[.!');
    expect(parseMarkdown('```\n> *x* \\\\ \\` ```').text).to.equal('> *x* \\ ` ');
  });

  it('reads quotes, a new quote after **>, and an expandable one ending in ||', () => {
    const f = parseMarkdown('>one\n>two\n**>three\n>four||\nafter\n>last');
    expect(f.text).to.equal('one\ntwo\nthree\nfour\nafter\nlast');
    expect(f.entities).to.deep.equal([
      { _: 'messageEntityBlockquote', collapsed: false, offset: 0, length: 7 },
      { _: 'messageEntityBlockquote', collapsed: true, offset: 8, length: 10 },
      { _: 'messageEntityBlockquote', collapsed: false, offset: 25, length: 4 },
    ]);
    // A spoiler ending a quoted line closes the spoiler; the next || marks the quote.
    expect(spans('>||s||||')).to.deep.equal([
      ['messageEntityBlockquote', 0, 1],
      ['messageEntitySpoiler', 0, 1],
    ]);
    expect(parseMarkdown('>||s||||').entities[0]).to.include({ collapsed: true });
  });

  it('reads __ greedily as underline, as Telegram does', () => {
    expect(spans('___a_**__')).to.deep.equal([
      ['messageEntityUnderline', 0, 1],
      ['messageEntityItalic', 0, 1],
    ]);
    expect(spans('_a_ __b__')).to.deep.equal([
      ['messageEntityItalic', 0, 1],
      ['messageEntityUnderline', 2, 1],
    ]);
  });

  it('counts UTF-16 code units on emoji, flags, ZWJ families, skin tones, CJK and combining marks', () => {
    const f = parseMarkdown('*👨‍👩‍👧‍👦* _🇺🇦_ __e\u0301__ ~漢字~ `👍🏽`||𝄞||');
    expect(f.text).to.equal('👨‍👩‍👧‍👦 🇺🇦 e\u0301 漢字 👍🏽𝄞');
    expect(f.entities.map((e) => [e._, e.offset, e.length])).to.deep.equal([
      ['messageEntityBold', 0, 11],
      ['messageEntityItalic', 12, 4],
      ['messageEntityUnderline', 17, 2],
      ['messageEntityStrike', 20, 2],
      ['messageEntityCode', 23, 4],
      ['messageEntitySpoiler', 27, 2],
    ]);
  });

  it('escapes every ASCII character; forgives a \\ that escapes nothing, as Telegram does', () => {
    expect(parseMarkdown('\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\\\a').text).to.equal('_*[]()~`>#+-=|{}.!\\a');
    expect(parseMarkdown('\\é and \\').text).to.equal('\\é and \\');
  });

  it('links [text] without (url) to its own text; [text]() is no link', () => {
    expect(parseMarkdown('[http://a\\.b]').entities).to.deep.equal([{ _: 'messageEntityTextUrl', offset: 0, length: 10, url: 'http://a.b' }]);
    expect(parseMarkdown('[a]()')).to.deep.equal({ text: 'a', entities: [] });
  });

  it('refuses malformed input with the position of the problem', () => {
    refused('Hello.', 'unsupported', 5);
    refused('a - b', 'unsupported', 2);
    refused('x *never closed', 'unclosed', 2);
    refused('👍 ~a', 'unclosed', 3);
    refused('*a _b* c_', 'unclosed', 8);
    refused('`code', 'unclosed', 0);
    refused('```\npre', 'unclosed', 0);
    refused('[text](http://a', 'unclosed', 6);
    refused('a | b', 'unsupported', 2);
    refused('![👍]', 'malformed', 4);
    refused('![👍](http://a.b)', 'malformed', 6);
    refused('>*quoted\nafter*', 'mismatched', 1);
    refused('text > quote', 'unsupported', 5);
  });
});
