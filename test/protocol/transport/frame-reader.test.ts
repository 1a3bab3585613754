import { expect } from 'chai';
import { AbridgedFraming, FrameReader, TransportError, type Frame } from '../../../src/protocol/transport/index.js';
import { cat, hex, payload } from './helpers.js';

const reader = () => new FrameReader(new AbridgedFraming({ end: 'server', maxPayload: 1 << 20, random: () => new Uint8Array(0) }));
const bytesOf = (f: Frame | undefined) => (f && f.kind === 'payload' ? f.payload : undefined);

describe('transport: FrameReader', () => {
  it('returns a frame inside one chunk as a view of it, without copying', () => {
    const chunk = cat(hex('02'), payload(8), hex('01'), payload(4));
    const r = reader().push(chunk);
    const first = bytesOf(r.read())!;
    expect(first.buffer).to.equal(chunk.buffer);
    expect(first.byteOffset).to.equal(1);
    expect(bytesOf(r.read())!.byteOffset).to.equal(10);
    expect(r.read()).to.equal(undefined);
  });

  it('gathers a frame spread over chunks into one buffer of its exact size', () => {
    const body = payload(1024);
    const frame = cat(hex('7f 00 01 00'), body); // 256 words, long form
    const r = reader();
    let got: Uint8Array | undefined;
    for (let i = 0; i < frame.length; i += 100) {
      expect(got, `complete before byte ${i}`).to.equal(undefined);
      got = bytesOf(r.push(frame.slice(i, i + 100)).read());
    }
    expect(got!.buffer.byteLength).to.equal(frame.length);
    expect(got!.byteOffset).to.equal(4);
    expect(Buffer.compare(got!, body)).to.equal(0);
  });

  it('a failure is final: later reads and pushes throw the same error', () => {
    const r = reader().push(hex('00'));
    let first: unknown;
    try {
      r.read();
    } catch (e) {
      first = e;
    }
    expect(first).to.be.instanceOf(TransportError);
    expect(() => r.read()).to.throw(first as Error);
    expect(() => r.push(hex('01'))).to.throw(first as Error);
  });

  it('yields frames completed so far when iterated, and keeps the rest', () => {
    const r = reader();
    expect([...r.push(cat(hex('01'), payload(4), hex('02'), payload(4)))]).to.have.length(1);
    expect([...r.push(payload(4).subarray(0, 4))]).to.have.length(1);
  });
});
