import { expect } from 'chai';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from '../../src/protocol/client/client.js';
import { RequestAbortedError, RpcError } from '../../src/protocol/mtproto/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
};

describe('emulator: service messages and bad clients', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let client: Client;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(async () => {
    client = new Client({ ...emulator.clientOptions(), apiId: 1, apiHash: 'x', reconnectDelay: { initial: 20, max: 100 } });
    await client.connect();
  });
  afterEach(() => client.close());
  after(() => emulator.close());

  it('listens on 127.0.0.1 with three DCs and a 2048-bit key whose fingerprint hex does not start with 0', () => {
    expect(emulator.dcs.map((d) => [d.id, d.host])).to.deep.equal([
      [1, '127.0.0.1'],
      [2, '127.0.0.1'],
      [3, '127.0.0.1'],
    ]);
    expect(emulator.publicKeyPem).to.match(/^-----BEGIN RSA PUBLIC KEY-----/);
    expect(BigInt.asUintN(64, emulator.fingerprint).toString(16).padStart(16, '0')[0]).to.not.equal('0');
  });

  it('ping answers pong; get_future_salts answers future_salts', async () => {
    expect(await client.invoke({ _: 'ping', pingId: 77n })).to.include({ _: 'pong', pingId: 77n });
    const salts = await client.invoke({ _: 'get_future_salts', num: 1 });
    expect(salts._).to.equal('future_salts');
    expect(salts.salts).to.have.length(1);
  });

  it('ping_delay_disconnect: the server drops a connection whose next ping is late; the client reconnects', async () => {
    await client.invoke({ _: 'ping_delay_disconnect', pingId: 1n, disconnectDelay: 1 });
    const before = emulator.serverClosedCount;
    await until(() => emulator.serverClosedCount > before, 'the server to drop the connection');
    expect(await client.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
  });

  it('without a login, methods beyond help/auth/langpack answer 401 AUTH_KEY_UNREGISTERED, as Telegram does', async () => {
    const e = await client.invoke({ _: 'updates.getState' }).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(RpcError).and.include({ code: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
  });

  it('a method the emulator lacks is a typed RpcError', async () => {
    const e = await client.invoke({ _: 'help.getAppConfig', hash: 0 }).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(RpcError).and.include({ code: 400, errorMessage: 'METHOD_NOT_IMPLEMENTED' });
  });

  it('an auth key the server does not know: transport error -404, and the request fails instead of looping', async () => {
    const stranger = new Client({ ...emulator.clientOptions(), apiId: 1, apiHash: 'x', authKey: randomBytes(256) });
    try {
      const e = await stranger.connect().catch((x: unknown) => x);
      expect(e).to.be.instanceOf(RequestAbortedError);
      expect((e as Error).message).to.match(/auth key not found/);
    } finally {
      await stranger.close();
    }
  });

  it('bytes that are no MTProto transport: the connection is closed', async () => {
    const socket = connect(emulator.dcs[0].port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
  });

  it('a handshake with garbage in place of req_DH_params: the connection is closed, nothing crashes', async () => {
    const socket = connect(emulator.dcs[0].port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    // intermediate marker, then one plain message of 24 random bytes
    const frame = Buffer.alloc(4 + 4 + 20 + 24);
    frame.writeUInt32LE(0xeeeeeeee, 0);
    frame.writeUInt32LE(20 + 24, 4);
    frame.writeBigUInt64LE(0n, 8);
    frame.writeBigUInt64LE(1n << 32n, 16);
    frame.writeUInt32LE(24, 24);
    randomBytes(24).copy(frame, 28);
    socket.write(frame);
    await closed;
    expect(await client.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
  });
});
