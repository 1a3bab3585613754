import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import {
  clientCodec,
  connectTcp,
  ServerTransportError,
  TransportError,
  type ClientCodecOptions,
  type Frame,
  type TcpConnection,
  type TransportCodec,
} from '../../../src/protocol/transport/index.js';
import { ServerEnd } from './conformance.js';
import { le32, payload, toHex } from './helpers.js';

/** A loopback server: detects the transport, then answers each frame as `respond` says. */
interface Loopback {
  server: Server;
  sockets: Set<Socket>;
  port: number;
}

async function startServer(respond: (frame: Frame, codec: TransportCodec, socket: Socket) => void): Promise<Loopback> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const end = new ServerEnd({});
    socket.on('data', (chunk) => {
      for (const frame of end.push(chunk)) respond(frame, end.codec!, socket);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return { server, sockets, port: address.port };
}

/** Frees the port and every connection, whatever state a failed test left them in. */
function stop({ server, sockets }: Loopback): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Echoes each payload; padded intermediate's padding is cut back to whole words (the test payloads carry no MTProto lengths). */
const echo = (frame: Frame, codec: TransportCodec, socket: Socket) => {
  if (frame.kind === 'payload') socket.write(codec.encode(frame.payload.subarray(0, frame.payload.length & ~3)));
};

/** Resolves with the first `count` frames, and with the close reason. */
function collector(count: number) {
  const frames: Frame[] = [];
  let gotAll!: (frames: Frame[]) => void;
  let closed!: (error: TransportError | undefined) => void;
  return {
    all: new Promise<Frame[]>((resolve) => (gotAll = resolve)),
    closed: new Promise<TransportError | undefined>((resolve) => (closed = resolve)),
    onFrame(frame: Frame) {
      frames.push(frame);
      if (frames.length === count) gotAll(frames);
    },
    onClose(error?: TransportError) {
      closed(error);
    },
  };
}

const SETUPS: ClientCodecOptions[] = [
  { transport: 'abridged' },
  { transport: 'intermediate' },
  { transport: 'padded' },
  { transport: 'full' },
  { transport: 'abridged', obfuscated: true },
  { transport: 'intermediate', obfuscated: { dcId: 2 } },
  { transport: 'padded', obfuscated: { dcId: -4 } },
];

/** Runs `body` against a loopback server, then frees the server, its sockets and the client, pass or fail. */
async function withLoopback(
  respond: Parameters<typeof startServer>[0],
  options: ClientCodecOptions,
  count: number,
  body: (conn: TcpConnection, c: ReturnType<typeof collector>) => Promise<void>,
): Promise<void> {
  const loopback = await startServer(respond);
  const c = collector(count);
  let conn: TcpConnection | undefined;
  try {
    conn = await connectTcp({ host: '127.0.0.1', port: loopback.port, codec: clientCodec(options), onFrame: c.onFrame, onClose: c.onClose });
    await body(conn, c);
  } finally {
    conn?.close();
    await stop(loopback);
  }
}

describe('transport: TCP driver on 127.0.0.1', () => {
  for (const options of SETUPS) {
    const name = `${options.obfuscated ? 'obfuscated ' : ''}${options.transport}`;
    it(`${name}: echoes 4 B, 1 KiB and 1 MiB, then closes cleanly`, async () => {
      const sent = [payload(4, 1), payload(1024, 2), payload(1 << 20, 3)];
      await withLoopback(echo, options, sent.length, async (conn, c) => {
        for (const p of sent) conn.send(p);
        const frames = await c.all;
        frames.forEach((frame, i) => {
          if (frame.kind !== 'payload') throw new Error('expected a payload');
          // padded intermediate: the echo keeps 0-12 bytes of the way up's padding, and pads again
          expect(frame.payload.length - sent[i].length).to.be.within(0, options.transport === 'padded' ? 12 + 15 : 0);
          expect(toHex(frame.payload.subarray(0, sent[i].length))).to.equal(toHex(sent[i]));
        });
        conn.close();
        expect(await c.closed).to.equal(undefined);
        expect(conn.closed).to.equal(true);
        expect(() => conn.send(payload(4))).to.throw(TransportError).with.property('reason', 'closed');
      });
    });
  }

  it("reports the server's -404 through onClose, as a ServerTransportError", async () => {
    const refuse = (_frame: Frame, codec: TransportCodec, socket: Socket) => socket.end(codec.encode(le32(-404)));
    await withLoopback(refuse, { transport: 'intermediate', obfuscated: true }, 1, async (conn, c) => {
      conn.send(payload(40));
      expect(await c.closed).to.be.instanceOf(ServerTransportError).and.include({ code: -404, reason: 'auth-key-not-found' });
      expect(conn.closed).to.equal(true);
    });
  });

  it('reports the server hanging up as a retryable "closed"', async () => {
    const hangUp = (_frame: Frame, _codec: TransportCodec, socket: Socket) => socket.end();
    await withLoopback(hangUp, { transport: 'abridged' }, 1, async (conn, c) => {
      conn.send(payload(8));
      expect(await c.closed).to.be.instanceOf(TransportError).and.include({ reason: 'closed', retryable: true });
      expect(conn.closed).to.equal(true);
    });
  });

  it('rejects with "connect-failed" when nothing listens', async () => {
    const loopback = await startServer(echo);
    await stop(loopback); // the port is free again
    let error: unknown;
    try {
      await connectTcp({ host: '127.0.0.1', port: loopback.port, codec: clientCodec({ transport: 'abridged' }), onFrame() {} });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TransportError).and.include({ reason: 'connect-failed', retryable: true });
  });
});
