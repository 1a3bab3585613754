/** Telegram HTML to entities: every tag, UTF-16 offsets on hard strings, and a typed error for each malformed input. */
import { expect } from 'chai';
import { parseHtml, TextParseError, type TextParseProblem } from '../../../../src/protocol/client/text/index.js';

function refused(source: string, problem: TextParseProblem, position: number): TextParseError {
  try {
    parseHtml(source);
  } catch (e) {
    expect(e).to.be.instanceOf(TextParseError);
    const err = e as TextParseError;
    expect(err.syntax).to.equal('html');
    expect(err.problem, err.message).to.equal(problem);
    expect(err.position, err.message).to.equal(position);
    return err;
  }
  throw new Error(`accepted ${JSON.stringify(source)}`);
}

describe('parseHtml', () => {
  it('reads every tag Telegram knows, with its aliases', () => {
    const f = parseHtml(
      '<b>b</b><strong>b</strong><i>i</i><em>i</em><u>u</u><ins>u</ins><s>s</s><strike>s</strike><del>s</del>' +
        '<tg-spoiler>p</tg-spoiler><span class="tg-spoiler">p</span><code>c</code>',
    );
    expect(f.text).to.equal('bbiiuusssppc');
    expect(f.entities.map((e) => [e._, e.offset, e.length])).to.deep.equal([
      ['messageEntityBold', 0, 1],
      ['messageEntityBold', 1, 1],
      ['messageEntityItalic', 2, 1],
      ['messageEntityItalic', 3, 1],
      ['messageEntityUnderline', 4, 1],
      ['messageEntityUnderline', 5, 1],
      ['messageEntityStrike', 6, 1],
      ['messageEntityStrike', 7, 1],
      ['messageEntityStrike', 8, 1],
      ['messageEntitySpoiler', 9, 1],
      ['messageEntitySpoiler', 10, 1],
      ['messageEntityCode', 11, 1],
    ]);
  });

  it('reads pre blocks, with a language only through <pre><code class="language-x">', () => {
    expect(parseHtml('<pre>a\nb</pre>').entities).to.deep.equal([{ _: 'messageEntityPre', offset: 0, length: 3, language: '' }]);
    expect(parseHtml('<pre><code class="language-python">x = 1</code></pre>').entities).to.deep.equal([
      { _: 'messageEntityPre', offset: 0, length: 5, language: 'python' },
    ]);
    // A language on a standalone code tag is ignored, as Telegram does.
    expect(parseHtml('<code class="language-python">x</code>').entities).to.deep.equal([{ _: 'messageEntityCode', offset: 0, length: 1 }]);
  });

  it('reads links, mentions by id, custom emoji and (expandable) quotes', () => {
    const f = parseHtml(
      '<a href="https://example.com/?a=1&amp;b=2">site</a> <a href="tg://user?id=123456789">Ann</a> ' +
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji><blockquote>q</blockquote><blockquote expandable>e</blockquote>',
    );
    expect(f.text).to.equal('site Ann 👍qe');
    expect(f.entities).to.deep.equal([
      { _: 'messageEntityTextUrl', offset: 0, length: 4, url: 'https://example.com/?a=1&b=2' },
      { _: 'messageEntityMentionName', offset: 5, length: 3, userId: 123456789n },
      { _: 'messageEntityCustomEmoji', offset: 9, length: 2, documentId: 5368324170671202286n },
      { _: 'messageEntityBlockquote', collapsed: false, offset: 11, length: 1 },
      { _: 'messageEntityBlockquote', collapsed: true, offset: 12, length: 1 },
    ]);
  });

  it('counts UTF-16 code units on emoji, flags, ZWJ families, skin tones, CJK and combining marks', () => {
    const f = parseHtml('<b>👨‍👩‍👧‍👦</b> <i>🇺🇦</i> <u>e\u0301</u> <s>漢字</s> <code>👍🏽</code><tg-spoiler>𝄞</tg-spoiler>');
    expect(f.text).to.equal('👨‍👩‍👧‍👦 🇺🇦 e\u0301 漢字 👍🏽𝄞');
    expect(f.entities.map((e) => [e._, e.offset, e.length])).to.deep.equal([
      ['messageEntityBold', 0, 11],
      ['messageEntityItalic', 12, 4],
      ['messageEntityUnderline', 17, 2],
      ['messageEntityStrike', 20, 2],
      ['messageEntityCode', 23, 4],
      ['messageEntitySpoiler', 27, 2],
    ]);
    for (const e of f.entities) expect(f.text.slice(e.offset, e.offset + e.length)).to.not.match(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });

  it('lists nested entities outer first, in the order their tags open', () => {
    const f = parseHtml('<b>bold <i>italic bold <s>strike <tg-spoiler>all</tg-spoiler></s> <u>under</u></i> bold</b>');
    expect(f.entities.map((e) => [e._, e.offset, e.length])).to.deep.equal([
      ['messageEntityBold', 0, 38],
      ['messageEntityItalic', 5, 28],
      ['messageEntityStrike', 17, 10],
      ['messageEntitySpoiler', 24, 3],
      ['messageEntityUnderline', 28, 5],
    ]);
  });

  it('decodes the four named entities and numeric ones; leaves any other & as it is', () => {
    expect(parseHtml('&lt;&gt;&amp;&quot; &#65;&#x1F600;&#X41;').text).to.equal('<>&" A😀A');
    expect(parseHtml('AT&T &nbsp; &#xD800; &#0; &copy a&b').text).to.equal('AT&T &nbsp; &#xD800; &#0; &copy a&b');
  });

  it('forgives what Telegram forgives: case, unquoted and single-quoted values, unknown attributes, a bare >', () => {
    const f = parseHtml("<B>x</B> <A HREF=http://a.b/c title='t'>y</A> <a href='http://d.e'>z</a> 2 > 1");
    expect(f.text).to.equal('x y z 2 > 1');
    expect(f.entities).to.deep.equal([
      { _: 'messageEntityBold', offset: 0, length: 1 },
      { _: 'messageEntityTextUrl', offset: 2, length: 1, url: 'http://a.b/c' },
      { _: 'messageEntityTextUrl', offset: 4, length: 1, url: 'http://d.e' },
    ]);
  });

  it('drops empty entities and links without a target, keeps all text', () => {
    expect(parseHtml('<b></b>a<a href="">b</a><i></i>')).to.deep.equal({ text: 'ab', entities: [] });
  });

  it('refuses malformed input with the position of the problem', () => {
    refused('ok <b>never closed', 'unclosed', 3);
    refused('<b><i>x</b></i>', 'mismatched', 7);
    refused('x</b>', 'mismatched', 1);
    refused('<b>x</strong>', 'mismatched', 4);
    refused('a <br> b', 'unsupported', 2);
    refused('<div>x</div>', 'unsupported', 0);
    refused('1 < 2', 'unsupported', 2);
    refused('<span>x</span>', 'unsupported', 0);
    refused('<span class="other">x</span>', 'unsupported', 0);
    refused('<tg-emoji>👍</tg-emoji>', 'malformed', 0);
    refused('<tg-emoji emoji-id="abc">👍</tg-emoji>', 'malformed', 0);
    refused('<a href="http://x>y</a>', 'malformed', 8);
    refused('<b', 'malformed', 0);
    refused('<b>x</b', 'malformed', 4);
    const e = refused('👍👍<i>', 'unclosed', 4);
    expect(e.message).to.match(/<i> is never closed/);
  });
});
