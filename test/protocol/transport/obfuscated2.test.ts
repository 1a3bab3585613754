import { expect } from 'chai';
import { createCipheriv, createHash } from 'node:crypto';
import {
  clientCodec,
  isForbiddenInit,
  TransportAcceptor,
  TransportError,
  type RandomBytes,
} from '../../../src/protocol/transport/index.js';
import { cat, hex, payload, payloadsOf, seededRandom, toHex } from './helpers.js';

/** 64 bytes counting up from `start`: no forbidden word, and easy to read in a failure. */
const counting = (start: number) => Uint8Array.from({ length: 64 }, (_, i) => (start + i) & 0xff);

/** The same init with its first 8 bytes replaced. */
const startingWith = (first8: string) => cat(hex(first8), counting(8).subarray(8));

/** Each first-8-bytes pattern Telegram's servers would read as something else. */
const FORBIDDEN = [
  'ef000000 01000000', // abridged marker
  '48454144 01000000', // HEAD
  '504f5354 01000000', // POST
  '47455420 01000000', // GET
  '4f505449 01000000', // OPTIONS
  '16030102 01000000', // TLS record
  'dddddddd 01000000', // padded intermediate
  'eeeeeeee 01000000', // intermediate
  '01020304 00000000', // full, first seq 0
];

/** Answers 64-byte draws from a list, then fails: counts draws. */
function drawsFrom(inits: Uint8Array[]) {
  const queue = [...inits];
  const source = { draws: 0, random: ((n: number) => {
    source.draws++;
    expect(n).to.equal(64);
    const next = queue.shift();
    if (!next) throw new Error('no more inits scripted');
    return next;
  }) as RandomBytes };
  return source;
}

/** AES-256-CTR written out from the spec, apart from the code under test. */
function ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return createCipheriv('aes-256-ctr', key, iv).update(data);
}

describe('transport: obfuscated2', () => {
  it('recognises every forbidden start', () => {
    for (const first8 of FORBIDDEN) expect(isForbiddenInit(startingWith(first8)), first8).to.equal(true);
    expect(isForbiddenInit(counting(8))).to.equal(false);
  });

  it('redraws an init for each forbidden start, and keeps the first good one', () => {
    const good = counting(100);
    const source = drawsFrom([...FORBIDDEN.map(startingWith), good]);
    const codec = clientCodec({ transport: 'intermediate', obfuscated: true, random: source.random });
    expect(source.draws).to.equal(FORBIDDEN.length + 1);
    expect(toHex(codec.header.subarray(0, 56))).to.equal(toHex(good.subarray(0, 56)));
  });

  it('thousands of seeded inits: none starts like another protocol, and the server reads every one', () => {
    const random = seededRandom(2024);
    for (let i = 0; i < 2000; i++) {
      const codec = clientCodec({ transport: 'abridged', obfuscated: { dcId: 3 }, random });
      expect(isForbiddenInit(codec.header)).to.equal(false);
      if (i % 10 === 0) {
        const server = new TransportAcceptor().push(codec.header)!;
        expect(server).to.include({ transport: 'abridged', obfuscated: true, dcId: 3 });
      }
    }
  });

  it('gives up on a random source that only ever draws forbidden inits, rather than spinning', () => {
    const broken: RandomBytes = () => startingWith('eeeeeeee 01000000');
    expect(() => clientCodec({ transport: 'padded', obfuscated: true, random: broken }))
      .to.throw(TransportError)
      .with.property('reason', 'bad-random');
  });

  it('byte for byte: tag at 56, DC id at 60, keys from bytes 8..55 and from the reversed init', () => {
    const init = counting(0x40);
    const codec = clientCodec({ transport: 'padded', obfuscated: { dcId: -2 }, random: drawsFrom([init]).random });
    // By hand: the init with tag dddddddd and int16 -2 (fe ff), encrypted with key init[8..40], iv init[40..56].
    const plain = cat(init.subarray(0, 56), hex('dddddddd'), hex('feff'), init.subarray(62));
    const key = plain.subarray(8, 40);
    const iv = plain.subarray(40, 56);
    expect(toHex(codec.header)).to.equal(toHex(cat(plain.subarray(0, 56), ctr(key, iv, plain).subarray(56, 64))));

    // The server encrypts with the reversed init's key and IV, from a fresh counter.
    const reversed = plain.slice().reverse();
    const frame = hex('0102030405060708');
    const server = new TransportAcceptor({ random: () => hex('00') }).push(codec.header)!; // no padding
    expect(server.dcId).to.equal(-2);
    const reply = server.encode(frame);
    expect(toHex(reply)).to.equal(toHex(ctr(reversed.subarray(8, 40), reversed.subarray(40, 56), cat(hex('08000000'), frame))));
    expect(payloadsOf([...codec.push(reply)]).map(toHex)).to.deep.equal([toHex(frame)]);
  });

  it('the client stream continues the keystream right after the 64-byte init', () => {
    const init = counting(0x21);
    const codec = clientCodec({ transport: 'abridged', obfuscated: true, random: drawsFrom([init]).random });
    const plain = cat(init.subarray(0, 56), hex('efefefef'), hex('0000'), init.subarray(62));
    const body = payload(8);
    const expected = ctr(plain.subarray(8, 40), plain.subarray(40, 56), cat(plain, hex('02'), body)).subarray(64);
    expect(toHex(codec.encode(body))).to.equal(toHex(expected));
  });

  it('an MTProxy secret keys both directions with SHA256(key + secret)', () => {
    const secret = hex('00112233445566778899aabbccddeeff');
    const init = counting(0x33);
    const codec = clientCodec({ transport: 'padded', obfuscated: { dcId: 2, secret }, random: drawsFrom([init]).random });
    const plain = cat(init.subarray(0, 56), hex('dddddddd'), hex('0200'), init.subarray(62));
    const key = createHash('sha256').update(plain.subarray(8, 40)).update(secret).digest();
    expect(toHex(codec.header.subarray(56))).to.equal(toHex(ctr(key, plain.subarray(40, 56), plain).subarray(56)));

    expect(new TransportAcceptor({ secret }).push(codec.header)).to.include({ transport: 'padded', dcId: 2 });
    const dd = cat(hex('dd'), secret); // the 17-byte form names padded intermediate first
    expect(new TransportAcceptor({ secret: dd }).push(codec.header)).to.include({ transport: 'padded' });
    expect(() => new TransportAcceptor().push(codec.header)).to.throw(TransportError).with.property('reason', 'unknown-transport');
    const wrong = secret.slice();
    wrong[0] ^= 1;
    expect(() => new TransportAcceptor({ secret: wrong }).push(codec.header)).to.throw(TransportError, 'secret');
  });

  it('refuses what it cannot do: fake-TLS secrets, obfuscated full, a DC id beyond int16', () => {
    const tls = cat(hex('ee'), new Uint8Array(16));
    expect(() => clientCodec({ transport: 'padded', obfuscated: { secret: tls } })).to.throw(TransportError, 'fake-TLS');
    expect(() => clientCodec({ transport: 'full', obfuscated: true })).to.throw(TransportError).with.property('reason', 'unsupported');
    expect(() => clientCodec({ transport: 'abridged', obfuscated: { dcId: 40000 } })).to.throw(RangeError);
  });
});
