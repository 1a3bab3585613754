import { expect } from 'chai';
import { parseTl, TlParseError, normalize } from '../../src/schema/compiler/parser.js';
import { buildModel, TlModelError } from '../../src/schema/compiler/model.js';

function parseError(source: string): TlParseError {
  try {
    parseTl(source, 'test.tl');
  } catch (e) {
    expect(e).to.be.instanceOf(TlParseError);
    return e as TlParseError;
  }
  throw new Error('parsed');
}

describe('schema/compiler: parser', () => {
  it('reads sections, comments, the LAYER line, and skips built-in declarations', () => {
    const s = parseTl(
      [
        '// a comment',
        'int ? = Int;',
        'vector {t:Type} # [ t ] = Vector t;',
        'int128 4*[ int ] = Int128;',
        'inputPeerSelf#7da07ec9 = InputPeer; // trailing comment',
        '---functions---',
        'help.getConfig#c4f9186b = Config;',
        '---types---',
        'true#3fedd339 = True;',
        '// LAYER 224',
      ].join('\n'),
    );
    expect(s.layer).to.equal(224);
    expect(s.definitions.map((d) => [d.kind, d.name, d.id, d.line])).to.deep.equal([
      ['constructor', 'inputPeerSelf', 0x7da07ec9, 5],
      ['function', 'help.getConfig', 0xc4f9186b, 7],
      ['constructor', 'true', 0x3fedd339, 9],
    ]);
  });

  it('computes an absent id from the normalized declaration, and checks a given one', () => {
    const [withId] = parseTl('inputPeerUser#dde8a54c user_id:long access_hash:long = InputPeer;').definitions;
    const [without] = parseTl('inputPeerUser user_id:long access_hash:long = InputPeer;').definitions;
    expect(without.id).to.equal(withId.id);
    expect(withId.computedId).to.equal(undefined);
    const [wrong] = parseTl('inputPeerUser#12345678 user_id:long access_hash:long = InputPeer;').definitions;
    expect(wrong.id).to.equal(0x12345678);
    expect(wrong.computedId).to.equal(0xdde8a54c);
  });

  it('normalizes as the spec says: no id, no true flags, bytes as string, no brackets', () => {
    expect(normalize('a#1 flags:# b:flags.0?true c:flags.1?bytes d:Vector<bytes> {X:Type} q:!X = X')).to.equal(
      'a flags:# c:flags.1?string d:Vector bytes X:Type q:!X = X',
    );
    // ids of api.tl lines with every feature: flags2, true flags, vectors, generics
    const ids = parseTl(
      [
        'recentStory#711d692d flags:# live:flags.0?true max_id:flags.1?int = RecentStory;',
        '---functions---',
        'invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;',
        'upload.saveFilePart#b304a621 file_id:long file_part:int bytes:bytes = Bool;',
        'messages.getMessages#63c66506 id:Vector<InputMessage> = messages.Messages;',
      ].join('\n'),
    ).definitions;
    expect(ids.map((d) => d.computedId)).to.deep.equal([undefined, undefined, undefined, undefined]);
  });

  it('parses every type form: flags words, flags.N?T, true, Vector, vector, %T, bare names, generics, int128/int256', () => {
    const [d] = parseTl(
      'x#1 {X:Type} flags:# flags2:# a:flags.0?true b:flags2.31?Vector<long> c:vector<%Foo> d:future_salt e:int128 f:int256 g:!X h:Bool = X;',
    ).definitions;
    expect(d.generics).to.deep.equal(['X']);
    expect(d.params).to.deep.equal([
      { name: 'flags', type: { kind: 'flags' } },
      { name: 'flags2', type: { kind: 'flags' } },
      { name: 'a', type: { kind: 'true' }, flag: { word: 'flags', bit: 0 } },
      { name: 'b', type: { kind: 'vector', boxed: true, of: { kind: 'scalar', name: 'long' } }, flag: { word: 'flags2', bit: 31 } },
      { name: 'c', type: { kind: 'vector', boxed: false, of: { kind: 'bare', name: 'Foo' } } },
      { name: 'd', type: { kind: 'bare', name: 'future_salt' } },
      { name: 'e', type: { kind: 'scalar', name: 'int128' } },
      { name: 'f', type: { kind: 'scalar', name: 'int256' } },
      { name: 'g', type: { kind: 'generic', name: 'X' } },
      { name: 'h', type: { kind: 'scalar', name: 'Bool' } },
    ]);
    expect(d.result).to.deep.equal({ kind: 'generic', name: 'X' });
    const [nested] = parseTl('y#2 rows:Vector<Vector<int>> = Y;').definitions;
    expect(nested.params[0].type).to.deep.equal({ kind: 'vector', boxed: true, of: { kind: 'vector', boxed: true, of: { kind: 'scalar', name: 'int' } } });
  });

  it('takes declarations spanning lines', () => {
    const [d] = parseTl('a#1\n  b:int\n  c:string = A;').definitions;
    expect(d.params.map((p) => p.name)).to.deep.equal(['b', 'c']);
  });

  describe('errors name the line and column', () => {
    const cases: [string, string, number, number, RegExp][] = [
      ['a missing colon', 'ok#1 = A;\n  bad#2 x = B;', 2, 9, /expected "name:type", got "x"/],
      ['an undeclared flags word', 'a#1 f:flags.0?int = A;', 1, 5, /flags word "flags" not declared/],
      ['a flag bit beyond 31', 'a#1 flags:# f:flags.32?int = A;', 1, 13, /flag bit 32 is out of range/],
      ['a generic that was never declared', 'a#1 q:!X = A;', 1, 5, /"!X" names no generic parameter/],
      ['no result type', 'a#1 b:int;', 1, 1, /expected "= Type"/],
      ['a bad name', '9a#1 = A;', 1, 1, /invalid combinator name "9a#1"/],
      ['an unterminated declaration', 'x#1 = A;\na#1 b:int = A', 2, 1, /not terminated/],
      ['an unknown section', '---things---', 1, 1, /unknown section/],
    ];
    for (const [what, source, line, column, message] of cases) {
      it(what, () => {
        const e = parseError(source);
        expect([e.line, e.column], e.message).to.deep.equal([line, column]);
        expect(e.message).to.match(message);
        expect(e.message).to.match(new RegExp(`^test\\.tl:${line}:${column}: `));
      });
    }
  });

  it('the model rejects types without constructors and clashing ids', () => {
    expect(() => buildModel([parseTl('a#1 b:Nope = A;')])).to.throw(TlModelError, /uses type Nope, which has no constructors/);
    expect(() => buildModel([parseTl('a#1 = A;\nb#1 = B;')])).to.throw(TlModelError, /id #1 of b is already a/);
  });
});
