import { expect } from 'chai';
import {
  clientCodec,
  detectTransport,
  TransportAcceptor,
  TransportError,
  type ClientCodecOptions,
} from '../../../src/protocol/transport/index.js';
import { cat, hex, payload, payloadsOf, seededRandom, splitAt } from './helpers.js';

const CASES: { options: ClientCodecOptions; headerLength: number; dcId: number | undefined }[] = [
  { options: { transport: 'abridged' }, headerLength: 1, dcId: undefined },
  { options: { transport: 'intermediate' }, headerLength: 4, dcId: undefined },
  { options: { transport: 'padded' }, headerLength: 4, dcId: undefined },
  { options: { transport: 'full' }, headerLength: 0, dcId: undefined },
  { options: { transport: 'abridged', obfuscated: { dcId: 1 } }, headerLength: 64, dcId: 1 },
  { options: { transport: 'intermediate', obfuscated: { dcId: -5 } }, headerLength: 64, dcId: -5 },
  { options: { transport: 'padded', obfuscated: true }, headerLength: 64, dcId: 0 },
];

const name = (o: ClientCodecOptions) => `${o.obfuscated ? 'obfuscated ' : ''}${o.transport}`;

describe('transport: detecting the transport from the first bytes', () => {
  for (const { options, headerLength, dcId } of CASES) {
    /** The header and two frames, as a client sends them. */
    const opening = () => {
      const client = clientCodec({ ...options, random: seededRandom(9) });
      return cat(client.header, client.encode(payload(12, 1)), client.encode(payload(600, 2)));
    };

    it(`${name(options)}: answers "need more" until it can tell, then the transport`, () => {
      const bytes = opening();
      let prefix = 0;
      for (;;) {
        const result = detectTransport(bytes.subarray(0, prefix));
        if (!('need' in result)) {
          expect(result).to.deep.equal({ transport: options.transport, obfuscated: Boolean(options.obfuscated), dcId, headerLength });
          break;
        }
        expect(result.need).to.be.greaterThan(prefix);
        prefix = result.need;
      }
    });

    it(`${name(options)}: the acceptor detects it from any split, and reads the frames behind the header`, () => {
      const bytes = opening();
      const splits = [
        ...Array.from({ length: 80 }, (_, cut) => [cut]),
        Array.from({ length: 80 }, (_, i) => i + 1), // one byte at a time through the header
      ];
      for (const cuts of splits) {
        const acceptor = new TransportAcceptor();
        let codec: ReturnType<TransportAcceptor['push']>;
        const frames = [];
        for (const chunk of splitAt(bytes, cuts)) {
          codec = codec ? codec.push(chunk) : acceptor.push(chunk);
          if (codec) frames.push(...codec);
        }
        expect(acceptor.transport, `cuts ${cuts}`).to.deep.equal({ transport: options.transport, obfuscated: Boolean(options.obfuscated), dcId, headerLength });
        const got = payloadsOf(frames);
        expect(got).to.have.length(2);
        expect(Buffer.compare(got[0].subarray(0, 12), payload(12, 1))).to.equal(0);
        expect(Buffer.compare(got[1].subarray(0, 600), payload(600, 2))).to.equal(0);
      }
    });
  }

  it('names HTTP and TLS for what they are', () => {
    expect(() => detectTransport(hex('504f5354 202f6170'))).to.throw(TransportError, 'HTTP (POST)');
    expect(() => detectTransport(hex('47455420 2f617069'))).to.throw(TransportError, 'HTTP (GET)');
    expect(() => detectTransport(hex('16030102 00010001'))).to.throw(TransportError, 'TLS');
  });

  it('refuses a full-transport opening with an impossible length', () => {
    expect(() => detectTransport(hex('05000000 00000000'))).to.throw(TransportError).with.property('reason', 'unknown-transport');
    expect(() => detectTransport(hex('ffffff7f 00000000'))).to.throw(TransportError).with.property('reason', 'unknown-transport');
  });

  it('refuses 64 bytes that decrypt to no known protocol tag', () => {
    const noise = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
    expect(() => detectTransport(noise)).to.throw(TransportError).with.property('reason', 'unknown-transport');
  });

  it('the acceptor is done once it has answered', () => {
    const acceptor = new TransportAcceptor();
    expect(acceptor.push(hex('ef'))).to.include({ transport: 'abridged' });
    expect(() => acceptor.push(hex('01'))).to.throw('push to the codec');
  });
});
