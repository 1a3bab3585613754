import { expect } from 'chai';
import {
  clientCodec,
  ServerTransportError,
  TransportAcceptor,
  TransportError,
  type ClientCodecOptions,
  type Frame,
  type TransportCodec,
} from '../../../src/protocol/transport/index.js';
import { cat, le32, payload, payloadsOf, randomCuts, seededRandom, splitAt } from './helpers.js';

/** One way to talk: a transport, plain or obfuscated, and what the server end must know. */
export interface Setup {
  name: string;
  client: Omit<ClientCodecOptions, 'random' | 'maxPayload'>;
  /** MTProxy secret the server end is configured with. */
  serverSecret?: Uint8Array;
}

const KIB = 1024;
const MIB = 1024 * 1024;

/** The server end, as the emulator will drive it: detect from the first bytes, then read. */
export class ServerEnd {
  readonly acceptor: TransportAcceptor;
  codec: TransportCodec | undefined;
  constructor(options: ConstructorParameters<typeof TransportAcceptor>[0]) {
    this.acceptor = new TransportAcceptor(options);
  }
  push(chunk: Uint8Array): Frame[] {
    this.codec = this.codec ? this.codec.push(chunk) : this.acceptor.push(chunk);
    return this.codec ? [...this.codec] : [];
  }
}

/**
 * A client and a server end that have exchanged the header and a first frame
 * (full is detected from its first frame). Same seed, same bytes: rebuilding a
 * pair replays a connection exactly.
 */
export function connectedPair(setup: Setup, seed = 7, maxPayload?: number) {
  const client = clientCodec({ ...setup.client, random: seededRandom(seed), maxPayload });
  const server = new ServerEnd({ secret: setup.serverSecret, random: seededRandom(seed + 1), maxPayload });
  const hello = payload(8, 99);
  const frames = server.push(cat(client.header, client.encode(hello)));
  expect(payloadsOf(frames).map((p) => p.subarray(0, 8))).to.deep.equal([hello]);
  return { client, server: server.codec!, acceptor: server.acceptor };
}

/** Padded intermediate appends 0-15 bytes the receiver cannot strip; the rest must be exact. */
function expectPayloads(got: Uint8Array[], sent: Uint8Array[], padded: boolean) {
  expect(got.length).to.equal(sent.length);
  for (let i = 0; i < sent.length; i++) {
    if (!padded) {
      expect(got[i].length, `frame ${i}`).to.equal(sent[i].length);
    } else {
      expect(got[i].length - sent[i].length, `frame ${i} padding`).to.be.within(0, 15);
    }
    expect(Buffer.compare(got[i].subarray(0, sent[i].length), sent[i]), `frame ${i} bytes`).to.equal(0);
  }
}

/** The transport codec conformance suite, written once and run for every setup. */
export function codecConformance(setup: Setup): void {
  const padded = setup.client.transport === 'padded';
  const quickAcks = setup.client.transport !== 'full';

  describe(`transport conformance: ${setup.name}`, () => {
    for (const size of [4, KIB, MIB]) {
      it(`round-trips a ${size}-byte payload client -> server and server -> client`, () => {
        const { client, server } = connectedPair(setup);
        const up = payload(size, 1);
        expectPayloads(payloadsOf([...server.push(client.encode(up))]), [up], padded);
        const down = payload(size, 2);
        expectPayloads(payloadsOf([...client.push(server.encode(down))]), [down], padded);
      });
    }

    // 4 bytes, the last short-form abridged length (126 words), the first long form (127), odd sizes
    const sizes = [4, 504, 508, 8, 2048, 12, 40];
    const sent = sizes.map((n, i) => payload(n, i + 3));

    /** The server's view of header + hello + frames, pushed as `chunks`. */
    function clientStream(seed: number) {
      const client = clientCodec({ ...setup.client, random: seededRandom(seed) });
      return cat(client.header, ...sent.map((p) => client.encode(p)));
    }
    function readAsServer(chunks: Uint8Array[]) {
      const server = new ServerEnd({ secret: setup.serverSecret, random: seededRandom(5) });
      return payloadsOf(chunks.flatMap((c) => server.push(c)));
    }
    function serverStream(seed: number) {
      const { server } = connectedPair(setup, seed);
      return cat(...sent.map((p) => server.encode(p)));
    }
    function readAsClient(seed: number, chunks: Uint8Array[]) {
      const { client } = connectedPair(setup, seed); // same seed: the same connection, replayed
      return payloadsOf(chunks.flatMap((c) => [...client.push(c)]));
    }

    it('reads many frames from one chunk, both ways', () => {
      const up = clientStream(11);
      expectPayloads(readAsServer([up]), sent, padded);
      expectPayloads(readAsClient(12, [serverStream(12)]), sent, padded);
    });

    it('reads Node Buffers (what sockets deliver) and leaves the bytes it is given unchanged', () => {
      const up = clientStream(19);
      const whole = Buffer.from(up);
      expectPayloads(readAsServer([whole]), sent, padded);
      expect(whole.equals(up), 'one chunk').to.equal(true);
      const chunks = splitAt(up, [3, 70, 200]).map((c) => Buffer.from(c));
      const before = chunks.map((c) => Buffer.from(c));
      expectPayloads(readAsServer(chunks), sent, padded);
      chunks.forEach((c, i) => expect(c.equals(before[i]), `chunk ${i}`).to.equal(true));
      const down = Buffer.from(serverStream(20));
      const copy = Buffer.from(down);
      expectPayloads(readAsClient(20, [down]), sent, padded);
      expect(down.equals(copy)).to.equal(true);
    });

    it('reads the stream cut at every single offset, both ways', () => {
      const up = clientStream(13);
      for (let cut = 0; cut <= up.length; cut++) expectPayloads(readAsServer(splitAt(up, [cut])), sent, padded);
      const down = serverStream(14);
      for (let cut = 0; cut <= down.length; cut += 1) expectPayloads(readAsClient(14, splitAt(down, [cut])), sent, padded);
    });

    it('reads the stream one byte at a time, and cut at random places, both ways', () => {
      const up = clientStream(15);
      const oneByOne = (b: Uint8Array) => Array.from({ length: b.length }, (_, i) => b.subarray(i, i + 1));
      expectPayloads(readAsServer(oneByOne(up)), sent, padded);
      const down = serverStream(16);
      expectPayloads(readAsClient(16, oneByOne(down)), sent, padded);
      const random = seededRandom(17);
      for (let round = 0; round < 50; round++) {
        expectPayloads(readAsServer(splitAt(up, randomCuts(up.length, 1 + round, random))), sent, padded);
        expectPayloads(readAsClient(16, splitAt(down, randomCuts(down.length, 1 + round, random))), sent, padded);
      }
    });

    it('refuses to encode an empty payload, one not a multiple of 4, or one over maxPayload', () => {
      const { client, server } = connectedPair(setup, 7, 1024);
      for (const codec of [client, server]) {
        expect(() => codec.encode(new Uint8Array(0))).to.throw(TransportError).with.property('reason', 'bad-payload');
        expect(() => codec.encode(new Uint8Array(6))).to.throw(TransportError).with.property('reason', 'bad-payload');
        expect(() => codec.encode(new Uint8Array(1028))).to.throw(TransportError).with.property('reason', 'too-large');
      }
    });

    it('refuses an oversized frame from its header alone, before the payload arrives', () => {
      const big = payload(4096, 5);
      for (const direction of ['up', 'down'] as const) {
        const sender = connectedPair(setup, 21); // default maxPayload: may send 4096
        const receiver = connectedPair(setup, 21, 1024); // same connection, allows 1024
        const bytes = direction === 'up' ? sender.client.encode(big) : sender.server.encode(big);
        const reader = direction === 'up' ? receiver.server : receiver.client;
        reader.push(bytes.subarray(0, 4)); // the header only (abridged long form is 4 bytes too)
        expect(() => reader.read(), direction).to.throw(TransportError).with.property('reason', 'too-large');
        expect(() => reader.read(), 'the error is final').to.throw(TransportError);
      }
    });

    for (const [code, reason] of [
      [-404, 'auth-key-not-found'],
      [-429, 'transport-flood'],
      [-444, 'invalid-dc'],
    ] as const) {
      it(`turns the server's ${code} frame into a typed ServerTransportError`, () => {
        const { client, server } = connectedPair(setup);
        client.push(server.encode(le32(code)));
        let error: unknown;
        try {
          client.read();
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(ServerTransportError);
        expect(error).to.include({ code, reason });
      });
    }

    it('hands a 4-byte payload that is no error code to the server untouched', () => {
      const { client, server } = connectedPair(setup);
      const frames = [...server.push(client.encode(le32(-404)))];
      expectPayloads(payloadsOf(frames), [le32(-404)], padded);
    });

    if (quickAcks) {
      it('carries a quick-ack request to the server and the token back to the client', () => {
        const { client, server } = connectedPair(setup);
        const frames = [...server.push(client.encode(payload(64), { quickAck: true }))];
        expect(frames).to.have.length(1);
        expect(frames[0]).to.include({ kind: 'payload', quickAck: true });
        const plain = [...server.push(client.encode(payload(600)))];
        expect(plain[0]).to.include({ kind: 'payload', quickAck: false });
        const long = [...server.push(client.encode(payload(600), { quickAck: true }))];
        expect(long[0]).to.include({ kind: 'payload', quickAck: true });

        const token = 0x80000000 + 0x1234567;
        const back = [...client.push(cat(server.encodeQuickAck(token), server.encode(payload(40))))];
        expect(back[0]).to.deep.equal({ kind: 'quick-ack', token });
        expect(back[1].kind).to.equal('payload');
      });
    } else {
      it('has no quick acks', () => {
        const { client, server } = connectedPair(setup);
        expect(() => client.encode(payload(8), { quickAck: true })).to.throw(TransportError).with.property('reason', 'unsupported');
        expect(() => server.encodeQuickAck(0x80000001)).to.throw(TransportError).with.property('reason', 'unsupported');
      });
    }

    it('tells the server which transport it is, and the DC id of an obfuscated init', () => {
      const { acceptor, server } = connectedPair(setup);
      const obfuscated = Boolean(setup.client.obfuscated);
      expect(acceptor.transport).to.include({ transport: setup.client.transport, obfuscated });
      expect(server).to.include({ transport: setup.client.transport, obfuscated, end: 'server' });
      const dcId = typeof setup.client.obfuscated === 'object' ? (setup.client.obfuscated.dcId ?? 0) : obfuscated ? 0 : undefined;
      expect(server.dcId).to.equal(dcId);
    });
  });
}
