import { expect } from 'chai';
import { Client } from '../../../src/protocol/client/client.js';
import { ClientClosedError } from '../../../src/protocol/client/errors.js';
import { RpcError } from '../../../src/protocol/mtproto/errors.js';
import { FloodWaitError } from '../../../src/protocol/mtproto/rpc-errors.js';
import type { ClientEvent } from '../../../src/protocol/client/events.js';
import type { TransportKind } from '../../../src/protocol/transport/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';

describe('protocol/client: end to end against the emulator', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  const clients: Client[] = [];
  const client = (options: { transport?: TransportKind; obfuscated?: boolean; dcId?: number } = {}) => {
    const c = new Client({ ...emulator.clientOptions(), apiId: 1, apiHash: 'emulator', reconnectDelay: { initial: 20, max: 200 }, ...options });
    clients.push(c);
    return c;
  };

  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    emulator.faults.reset();
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  after(() => emulator.close());

  const transports: [TransportKind, boolean][] = [
    ['abridged', false],
    ['intermediate', false],
    ['padded', false],
    ['full', false],
    ['abridged', true],
    ['intermediate', true],
    ['padded', true],
  ];
  for (const [transport, obfuscated] of transports) {
    it(`${obfuscated ? 'obfuscated ' : ''}${transport}: creates an auth key, sends initConnection and gets the config`, async () => {
      const keys = emulator.authKeyCount;
      const c = client({ transport, obfuscated, dcId: 2 });
      await c.connect();
      expect(emulator.authKeyCount).to.equal(keys + 1);
      expect(c.authKey).to.have.length(256);
      expect(c.config?.thisDc).to.equal(2);
      expect(c.config?.dcOptions.map((o) => [o.id, o.port])).to.deep.equal(emulator.dcs.map((d) => [d.id, d.port]));
      const nearest = await c.invoke({ _: 'help.getNearestDc' });
      expect(nearest).to.deep.equal({ _: 'nearestDc', country: 'XX', thisDc: 2, nearestDc: 2 });
    });
  }

  it('reuses an auth key: no second handshake', async () => {
    const first = client();
    await first.connect();
    const keys = emulator.authKeyCount;
    const again = client({});
    const reuse = new Client({ ...emulator.clientOptions(), apiId: 1, apiHash: 'x', authKey: first.authKey });
    clients.push(reuse);
    await reuse.connect();
    expect(emulator.authKeyCount).to.equal(keys);
    void again;
  });

  describe('fault knobs: the client recovers without losing or duplicating a request', () => {
    it('the connection closes while a request is in flight', async () => {
      const c = client();
      await c.connect();
      const before = emulator.callCount('help.getNearestDc');
      emulator.faults.delayMs = 150;
      const pending = c.invoke({ _: 'help.getNearestDc' });
      await new Promise((r) => setTimeout(r, 50)); // the server has it; its answer waits behind the delay
      emulator.faults.closeConnections();
      emulator.faults.delayMs = 0;
      expect(await pending).to.include({ _: 'nearestDc' });
      expect(emulator.callCount('help.getNearestDc') - before).to.equal(1);
    });

    it('the connection closes before a request leaves: it is sent after reconnecting', async () => {
      const c = client();
      await c.connect();
      emulator.faults.closeConnections();
      const results = await Promise.all([c.invoke({ _: 'help.getNearestDc' }), c.invoke({ _: 'help.getNearestDc' })]);
      expect(results.map((r) => r._)).to.deep.equal(['nearestDc', 'nearestDc']);
    });

    it('delayed and split frames', async () => {
      emulator.faults.delayMs = 100;
      emulator.faults.splitFrames = true;
      const c = client({ transport: 'full' });
      await c.connect();
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
    });

    it('bad_server_salt: the salt changes under a connected client', async () => {
      const c = client();
      await c.connect();
      emulator.faults.badServerSalt();
      const before = emulator.callCount('help.getNearestDc');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      expect(emulator.callCount('help.getNearestDc') - before).to.equal(1);
    });

    it('a server clock an hour ahead: from the handshake, and after connecting (bad_msg_notification)', async () => {
      emulator.faults.clockSkewSeconds = 3600;
      const early = client();
      await early.connect();
      const c = client();
      emulator.faults.clockSkewSeconds = 0;
      await c.connect();
      emulator.faults.clockSkewSeconds = -3600;
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      expect(await early.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
    });

    it('an rpc_error answer is a typed RpcError; the next call succeeds', async () => {
      const c = client();
      await c.connect();
      emulator.faults.failMethod('help.getNearestDc', 400, 'SOME_ERROR');
      const error = await c.invoke({ _: 'help.getNearestDc' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RpcError).and.include({ code: 400, errorMessage: 'SOME_ERROR', method: 'help.getNearestDc' });
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
    });
  });

  describe('errors the client acts on', () => {
    const events = (c: Client) => {
      const seen: ClientEvent[] = [];
      c.events$.subscribe((e) => seen.push(e));
      return seen;
    };

    it('FLOOD_WAIT under the threshold: slept through, retried, and reported', async () => {
      const c = client();
      await c.connect();
      const seen = events(c);
      emulator.faults.failMethod('help.getNearestDc', 420, 'FLOOD_WAIT_1');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      expect(seen).to.deep.include({ type: 'flood-wait', method: 'help.getNearestDc', seconds: 1, retrying: true });
    });

    it('FLOOD_WAIT over the threshold: a FloodWaitError with the seconds, also reported', async () => {
      const c = client();
      await c.connect();
      const seen = events(c);
      emulator.faults.failMethod('help.getNearestDc', 420, 'FLOOD_WAIT_100');
      const error = await c.invoke({ _: 'help.getNearestDc' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(FloodWaitError).and.include({ seconds: 100, method: 'help.getNearestDc' });
      expect(seen).to.deep.include({ type: 'flood-wait', method: 'help.getNearestDc', seconds: 100, retrying: false });
    });

    it('NETWORK_MIGRATE moves the home DC: a new auth key there, and the request is answered by it', async () => {
      const c = client({ dcId: 1 });
      await c.connect();
      const seen = events(c);
      emulator.faults.failMethod('help.getNearestDc', 303, 'NETWORK_MIGRATE_3');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ thisDc: 3 });
      expect(c.dcId).to.equal(3);
      expect(seen).to.deep.include({ type: 'home-dc', from: 1, to: 3 });
      expect(seen).to.deep.include({ type: 'auth-key', dcId: 3 });
    });

    it('FILE_MIGRATE sends that one request to the other DC; home stays', async () => {
      const c = client({ dcId: 1 });
      await c.connect();
      emulator.faults.failMethod('help.getNearestDc', 303, 'FILE_MIGRATE_2');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ thisDc: 2 });
      expect(c.dcId).to.equal(1);
    });

    it('500 INTERNAL: a read-only request is retried; one that changes something is not', async () => {
      const c = client();
      await c.connect();
      const seen = events(c);
      emulator.faults.failMethod('help.getNearestDc', 500, 'INTERNAL');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      expect(seen.filter((e) => e.type === 'retry')).to.have.length(1);
      emulator.faults.failMethod('help.saveAppLog', 500, 'INTERNAL');
      const before = emulator.callCount('help.saveAppLog');
      const error = await c.invoke({ _: 'help.saveAppLog', events: [] }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RpcError).and.include({ code: 500 });
      expect(emulator.callCount('help.saveAppLog') - before).to.equal(1);
    });

    it('an AbortSignal ends the wait for an answer', async () => {
      const c = client();
      await c.connect();
      emulator.faults.delayMs = 500;
      const controller = new AbortController();
      const pending = c.invoke({ _: 'help.getNearestDc' }, { signal: controller.signal });
      controller.abort(new Error('no longer needed'));
      const error = await pending.catch((e: unknown) => e);
      expect((error as Error).message).to.equal('no longer needed');
    });
  });

  it('after close(), invoke fails with ClientClosedError and nothing keeps running', async () => {
    const c = client();
    await c.connect();
    await c.close();
    const error = await c.invoke({ _: 'help.getNearestDc' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ClientClosedError);
  });
});
