import { expect } from 'chai';
import { clientCodec, serverCodec, ServerTransportError, TransportError, type RandomBytes } from '../../../src/protocol/transport/index.js';
import { cat, hex, toHex } from './helpers.js';

/** A random source that answers from a script: each call takes the next entry. */
function scripted(...answers: string[]): RandomBytes {
  return (n) => {
    const next = answers.shift();
    if (next === undefined) throw new Error('the script ran out');
    const bytes = hex(next);
    expect(bytes.length, `random(${n})`).to.equal(n);
    return bytes;
  };
}

const eight = hex('0102030405060708');

describe('transport: intermediate', () => {
  it('encodeParts sends a payload in pieces behind one header, uncopied; padded and obfuscated ends read the same payload', () => {
    const pieces = [hex('01020304'), hex('05060708090a0b0c')];
    const plain = clientCodec({ transport: 'intermediate' });
    const parts = plain.encodeParts(pieces);
    expect(parts.map(toHex)).to.deep.equal(['0c000000', '01020304', '05060708090a0b0c']);
    expect(parts[1]).to.equal(pieces[0]);
    expect(toHex(cat(...plain.encodeParts(pieces, { quickAck: true })).subarray(0, 4))).to.equal('0c000080');
    expect(() => plain.encodeParts([hex('010203')])).to.throw(TransportError);
    for (const transport of ['padded', 'abridged'] as const) {
      const client = clientCodec({ transport });
      const server = serverCodec({ transport });
      const [frame] = server.push(cat(...client.encodeParts(pieces)));
      expect(frame.kind === 'payload' && toHex(frame.payload.subarray(0, 12))).to.equal('0102030405060708090a0b0c');
    }
  });

  it('the client opens with eeeeeeee; each payload follows its length in 4 bytes little-endian', () => {
    const c = clientCodec({ transport: 'intermediate' });
    expect(toHex(c.header)).to.equal('eeeeeeee');
    expect(toHex(c.encode(eight))).to.equal('08000000' + '0102030405060708');
  });

  it('a quick-ack request sets the length top bit; the server reads it off', () => {
    const c = clientCodec({ transport: 'intermediate' });
    const frame = c.encode(eight, { quickAck: true });
    expect(toHex(frame.subarray(0, 4))).to.equal('08000080');
    const frames = [...serverCodec({ transport: 'intermediate' }).push(frame)];
    expect(frames[0]).to.deep.include({ kind: 'payload', quickAck: true, payload: eight });
  });

  it('the server sends a quick-ack token as a bare little-endian word, an impossible length', () => {
    expect(toHex(serverCodec({ transport: 'intermediate' }).encodeQuickAck(0x81020304))).to.equal('04030281');
    expect([...clientCodec({ transport: 'intermediate' }).push(hex('04030281'))]).to.deep.equal([{ kind: 'quick-ack', token: 0x81020304 }]);
  });

  it('lengths of 0 or not a multiple of 4 are refused', () => {
    for (const length of ['00000000', '06000000']) {
      const s = serverCodec({ transport: 'intermediate' });
      expect(() => s.push(hex(length)).read(), length).to.throw(TransportError).with.property('reason', 'bad-length');
    }
  });
});

describe('transport: padded intermediate', () => {
  it('the client opens with dddddddd; the length counts 0-15 random bytes after the payload', () => {
    const c = clientCodec({ transport: 'padded', random: scripted('23', 'aabbcc', '10') });
    expect(toHex(c.header)).to.equal('dddddddd');
    expect(toHex(c.encode(eight))).to.equal('0b000000' + '0102030405060708' + 'aabbcc'); // 0x23 & 15 = 3 bytes
    expect(toHex(c.encode(eight))).to.equal('08000000' + '0102030405060708'); // 0x10 & 15 = none
  });

  it('a quick-ack request sets the length top bit', () => {
    const c = clientCodec({ transport: 'padded', random: scripted('00') });
    const frame = c.encode(eight, { quickAck: true });
    expect(toHex(frame)).to.equal('08000080' + '0102030405060708');
    expect([...serverCodec({ transport: 'padded' }).push(frame)][0]).to.include({ quickAck: true });
  });

  it('the server frames a quick ack as ffffffff, the token, 0-8 random bytes', () => {
    const s = serverCodec({ transport: 'padded', random: scripted('0e', '0102030405') }); // 14 % 9 = 5
    const frame = s.encodeQuickAck(0x81020304);
    expect(toHex(frame)).to.equal('0d000000' + 'ffffffff' + '04030281' + '0102030405');
    expect([...clientCodec({ transport: 'padded' }).push(frame)]).to.deep.equal([{ kind: 'quick-ack', token: 0x81020304 }]);
  });

  it("the server's -429 may come padded, and is still a transport error", () => {
    const c = clientCodec({ transport: 'padded' });
    let error: unknown;
    try {
      c.push(cat(hex('07000000'), hex('53feffff'), hex('010203'))).read();
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ServerTransportError).and.include({ code: -429, reason: 'transport-flood', retryable: true });
  });

  it('any length of at least 4 is fine, a shorter one is not', () => {
    const frames = [...serverCodec({ transport: 'padded' }).push(hex('05000000 0102030405'))];
    expect(toHex((frames[0] as { payload: Uint8Array }).payload)).to.equal('0102030405');
    expect(() => serverCodec({ transport: 'padded' }).push(hex('03000000 010203')).read()).to.throw(TransportError).with.property('reason', 'bad-length');
  });
});
