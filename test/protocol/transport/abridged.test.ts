import { expect } from 'chai';
import { clientCodec, serverCodec, ServerTransportError, TransportError } from '../../../src/protocol/transport/index.js';
import { cat, hex, payload, toHex } from './helpers.js';

/** Byte-exact abridged envelopes, worked out by hand from Telegram's description. */
describe('transport: abridged', () => {
  const client = () => clientCodec({ transport: 'abridged' });
  const server = () => serverCodec({ transport: 'abridged' });

  it('the client opens with the single byte 0xef; the server sends no marker', () => {
    expect(toHex(client().header)).to.equal('ef');
    expect(server().header).to.have.length(0);
  });

  it('a 4-byte payload: length 1 word in one byte', () => {
    expect(toHex(client().encode(hex('01020304')))).to.equal('0101020304');
  });

  it('126 words (504 bytes) is the longest short form: 0x7e', () => {
    const frame = client().encode(payload(504));
    expect(frame.length).to.equal(505);
    expect(frame[0]).to.equal(0x7e);
  });

  it('127 words (508 bytes) takes the long form: 7f, then 127 in 3 bytes little-endian', () => {
    const frame = client().encode(payload(508));
    expect(frame.length).to.equal(512);
    expect(toHex(frame.subarray(0, 4))).to.equal('7f7f0000');
  });

  it('1 MiB is 0x40000 words: 7f 00 00 04', () => {
    expect(toHex(client().encode(payload(1 << 20)).subarray(0, 4))).to.equal('7f000004');
  });

  it('a quick-ack request sets the top bit: 0x82 short, 0xff long', () => {
    expect(client().encode(payload(8), { quickAck: true })[0]).to.equal(0x82);
    expect(toHex(client().encode(payload(508), { quickAck: true }).subarray(0, 4))).to.equal('ff7f0000');
    const s = server();
    const frames = [...s.push(cat(hex('82'), payload(8)))];
    expect(frames[0]).to.include({ kind: 'payload', quickAck: true });
  });

  it('the server sends a quick-ack token byte-swapped, with no length; the client swaps it back', () => {
    expect(toHex(server().encodeQuickAck(0x81020304))).to.equal('81020304');
    expect([...client().push(hex('81020304'))]).to.deep.equal([{ kind: 'quick-ack', token: 0x81020304 }]);
  });

  it('a length of 0 words is refused', () => {
    expect(() => server().push(hex('00')).read()).to.throw(TransportError).with.property('reason', 'bad-length');
  });

  it("the server's -404 arrives as a 1-word frame: 01 6cfeffff", () => {
    expect(toHex(server().encode(hex('6cfeffff')))).to.equal('016cfeffff');
    expect(() => client().push(hex('016cfeffff')).read()).to.throw(ServerTransportError, 'auth key not found');
  });
});
