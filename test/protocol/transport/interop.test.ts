import { expect } from 'chai';
import { createRequire } from 'node:module';
import { TransportAcceptor, type TransportCodec } from '../../../src/protocol/transport/index.js';
import { payload, payloadsOf, toHex } from './helpers.js';

/**
 * GramJS (`telegram`) as the peer: its own connection classes frame and
 * obfuscate, talking to our server end through a socket stand-in, and read
 * what our server end sends back. Untyped CommonJS, reached through require().
 */
const require = createRequire(import.meta.url);
// Through the package index first: its modules import each other in a cycle.
const { ConnectionTCPObfuscated, ConnectionTCPAbridged, ConnectionTCPFull } = require('telegram/network');
const { ConnectionTCPMTProxyAbridged } = require('telegram/network/connection/TCPMTProxy');

/** Collects what GramJS writes; serves what it reads. */
class FakeSocket {
  written: Buffer[] = [];
  private incoming = Buffer.alloc(0);
  constructor(_proxy?: unknown) {}
  write(data: Buffer) {
    this.written.push(Buffer.from(data));
  }
  feed(data: Uint8Array) {
    this.incoming = Buffer.concat([this.incoming, data]);
  }
  async read(n: number): Promise<Buffer> {
    return this.readExactly(n);
  }
  async readExactly(n: number): Promise<Buffer> {
    const out = this.incoming.subarray(0, n);
    this.incoming = this.incoming.subarray(n);
    return out;
  }
  takeWritten(): Buffer {
    const all = Buffer.concat(this.written);
    this.written = [];
    return all;
  }
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function gramjs(Connection: any, extra: object = {}) {
  const conn = new Connection({ ip: '127.0.0.1', port: 1, dcId: 2, loggers: quiet, socket: FakeSocket, ...extra });
  conn._codec = new conn.PacketCodecClass(conn);
  await conn._initConn();
  const socket: FakeSocket = conn.socket;
  return {
    socket,
    send: async (data: Uint8Array) => conn._send(Buffer.from(data)),
    receive: async (): Promise<Buffer> => conn._recv(),
  };
}

/** GramJS sends two payloads (short and long form) to our server end, and reads two back. */
async function converse(peer: Awaited<ReturnType<typeof gramjs>>, acceptorOptions = {}) {
  const up = [payload(16, 1), payload(2000, 2)];
  for (const p of up) await peer.send(p);
  const acceptor = new TransportAcceptor(acceptorOptions);
  const server: TransportCodec = acceptor.push(peer.socket.takeWritten())!;
  expect(payloadsOf([...server]).map(toHex)).to.deep.equal(up.map(toHex));

  const down = [payload(12, 3), payload(4000, 4)];
  for (const p of down) peer.socket.feed(server.encode(p));
  for (const p of down) expect(toHex(await peer.receive())).to.equal(toHex(p));
  return acceptor;
}

describe('transport: interop with GramJS 2.26', () => {
  it('abridged', async () => {
    expect((await converse(await gramjs(ConnectionTCPAbridged))).transport).to.include({ transport: 'abridged', obfuscated: false });
  });

  it('full: same seq and CRC32 both ways', async () => {
    expect((await converse(await gramjs(ConnectionTCPFull))).transport).to.include({ transport: 'full' });
  });

  it('obfuscated abridged: our server reads its init and both keystreams', async () => {
    expect((await converse(await gramjs(ConnectionTCPObfuscated))).transport).to.include({ transport: 'abridged', obfuscated: true });
  });

  it('MTProxy (secret, DC id): our server derives the same SHA256 keys and reads DC 2', async () => {
    const secret = 'dd0123456789abcdef0123456789abcdef';
    const proxy = { ip: '127.0.0.1', port: 1, MTProxy: true, secret };
    const acceptor = await converse(await gramjs(ConnectionTCPMTProxyAbridged, { proxy }), { secret: Buffer.from(secret, 'hex') });
    expect(acceptor.transport).to.include({ transport: 'abridged', obfuscated: true, dcId: 2 });
  });
});
