/** The typed callback data codec: compact, unambiguous, 64 bytes at most, a typed error for every bad input. */
import { expect } from 'chai';
import {
  callbackData,
  CallbackDataError,
  CallbackDataTooLongError,
  CallbackValueError,
  MalformedCallbackDataError,
} from '../../src/framework/callback-data.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('callbackData', () => {
  const vote = callbackData('vote', { poll: 'int', choice: ['yes', 'no', 'maybe'], note: 'string', anonymous: 'bool' });

  it('builds a compact text form and parses it back, typed', () => {
    const data = vote.build({ poll: 1234567890, choice: 'maybe', note: 'hi', anonymous: true });
    expect(text(data)).to.equal('vote:kf12oi:2:hi:1');
    const values = vote.parse(data);
    expect(values).to.deep.equal({ poll: 1234567890, choice: 'maybe', note: 'hi', anonymous: true });
    // Typed: these compile only because the fields have these types.
    const poll: number | undefined = values?.poll;
    const choice: 'yes' | 'no' | 'maybe' | undefined = values?.choice;
    expect([poll, choice]).to.deep.equal([1234567890, 'maybe']);
  });

  it('keeps strings that hold the separator and the escape unambiguous', () => {
    for (const note of ['a:b', ':', '\\', '\\:', 'x\\\\:y:', '', '👍:漢']) {
      const data = vote.build({ poll: -5, choice: 'no', note, anonymous: false });
      expect(vote.parse(data), note).to.deep.equal({ poll: -5, choice: 'no', note, anonymous: false });
    }
    const two = callbackData('t', { a: 'string', b: 'string' });
    expect(two.parse(two.build({ a: 'x:', b: ':y' }))).to.deep.equal({ a: 'x:', b: ':y' });
    expect(two.parse(two.build({ a: 'x\\', b: 'y' }))).to.deep.equal({ a: 'x\\', b: 'y' });
  });

  it('answers undefined for data of another prefix, even one that starts the same', () => {
    const vo = callbackData('vo', { n: 'int' });
    expect(vo.parse(vote.build({ poll: 1, choice: 'yes', note: '', anonymous: false }))).to.equal(undefined);
    expect(vote.parse(bytes('other:1'))).to.equal(undefined);
    expect(vote.parse(new Uint8Array([0xff, 0xfe]))).to.equal(undefined);
    expect(vote.parse(new Uint8Array())).to.equal(undefined);
  });

  it('handles a schema with no fields', () => {
    const ping = callbackData('ping', {});
    expect(text(ping.build({}))).to.equal('ping');
    expect(ping.parse(bytes('ping'))).to.deep.equal({});
  });

  it('refuses data over 64 bytes when building, naming the size', () => {
    const long = callbackData('l', { s: 'string' });
    expect(long.build({ s: 'x'.repeat(62) }).length).to.equal(64);
    try {
      long.build({ s: '::::::::::::::::::::::::::::::::' });
      expect.fail('built');
    } catch (e) {
      expect(e).to.be.instanceOf(CallbackDataTooLongError);
      expect((e as CallbackDataTooLongError).size).to.equal(66);
      expect((e as Error).message).to.match(/66 bytes/);
    }
  });

  it('refuses values the schema does not allow', () => {
    const bad = (values: object) => () => vote.build(values as never);
    expect(bad({ poll: 1.5, choice: 'yes', note: '', anonymous: true })).to.throw(CallbackValueError, /poll/);
    expect(bad({ poll: 1, choice: 'nope', note: '', anonymous: true })).to.throw(CallbackValueError, /choice/);
    expect(bad({ poll: 1, choice: 'yes', note: 3, anonymous: true })).to.throw(CallbackValueError, /note/);
    expect(bad({ poll: 1, choice: 'yes', note: '', anonymous: 'yes' })).to.throw(CallbackValueError, /anonymous/);
  });

  it('throws MalformedCallbackDataError for data with its prefix that does not decode', () => {
    const malformed = ['vote:1:0:x', 'vote:1:0:x:1:extra', 'vote:zz!:0:x:1', 'vote:1:9:x:1', 'vote:1:0:x:2', 'vote:1:0:a\\b:1', 'vote:01:0:x:1', 'vote'];
    for (const s of malformed) expect(() => vote.parse(bytes(s)), s).to.throw(MalformedCallbackDataError);
    expect(() => vote.parse(new Uint8Array([...bytes('vote:'), 0xff]))).to.throw(MalformedCallbackDataError, /UTF-8/);
    expect(() => vote.parse(bytes('vote:1:9:x:1'))).to.throw(/field choice/);
  });

  it('filters and matches on partial values without throwing', () => {
    const yes = vote.build({ poll: 7, choice: 'yes', note: '', anonymous: false });
    const no = vote.build({ poll: 7, choice: 'no', note: '', anonymous: false });
    const onlyYes = vote.filter({ choice: 'yes' });
    expect(onlyYes(yes)).to.deep.include({ poll: 7, choice: 'yes' });
    expect(onlyYes(no)).to.equal(undefined);
    expect(vote.filter()(no)).to.deep.include({ choice: 'no' });
    expect(onlyYes(bytes('vote:broken'))).to.equal(undefined);
    expect(vote.matches(no, { poll: 7 })).to.equal(true);
    expect(vote.matches(no, { poll: 8 })).to.equal(false);
    expect(vote.matches(bytes('elsewhere'))).to.equal(false);
  });

  it('refuses prefixes that would make data ambiguous or too long, at compile time where it can', () => {
    // @ts-expect-error a literal prefix must not contain ':'
    expect(() => callbackData('a:b', {})).to.throw(CallbackDataError);
    // @ts-expect-error a literal prefix must not be empty
    expect(() => callbackData('', {})).to.throw(CallbackDataError);
    // @ts-expect-error a literal prefix of 65 characters is over 64 bytes
    expect(() => callbackData('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', {})).to.throw(CallbackDataTooLongError);
    // Counted in bytes at run time: 22 characters, 66 bytes.
    expect(() => callbackData('€€€€€€€€€€€€€€€€€€€€€€' as string, {})).to.throw(CallbackDataTooLongError);
    callbackData('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', {});
  });
});
