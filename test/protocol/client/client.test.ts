import { expect } from 'chai';
import { ClientClosedError, RequestTimeoutError } from '../../../src/protocol/client/errors.js';
import { RpcError } from '../../../src/protocol/mtproto/errors.js';
import { FloodWaitError } from '../../../src/protocol/mtproto/rpc-errors.js';
import type { TransportKind } from '../../../src/protocol/transport/index.js';
import { useEmulator } from './harness.js';

describe('protocol/client: end to end against the emulator', function () {
  this.timeout(30_000);
  const h = useEmulator();
  const client = (options: { transport?: TransportKind; obfuscated?: boolean; dcId?: number } = {}) => h.client(options);

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
      const keys = h.emulator.authKeyCount;
      const c = client({ transport, obfuscated, dcId: 2 });
      await c.connect();
      expect(h.emulator.authKeyCount).to.equal(keys + 1);
      expect(c.authKey).to.have.length(256);
      expect(c.config?.thisDc).to.equal(2);
      const main = c.config?.dcOptions.filter((o) => !o.cdn);
      expect(main?.map((o) => [o.id, o.port])).to.deep.equal(h.emulator.dcs.map((d) => [d.id, d.port]));
      // The CDN DC is listed too, marked as one (only file downloads go there).
      expect(c.config?.dcOptions.filter((o) => o.cdn).map((o) => o.id)).to.deep.equal([203]);
      const nearest = await c.invoke({ _: 'help.getNearestDc' });
      expect(nearest).to.deep.equal({ _: 'nearestDc', country: 'XX', thisDc: 2, nearestDc: 2 });
    });
  }

  it('reuses an auth key: no second handshake', async () => {
    const first = client();
    await first.connect();
    const keys = h.emulator.authKeyCount;
    const again = client({});
    const reuse = h.client({ authKey: first.authKey });
    await reuse.connect();
    expect(h.emulator.authKeyCount).to.equal(keys);
    void again;
  });

  describe('fault knobs: the client recovers without losing or duplicating a request', () => {
    it('the connection closes while a request is in flight', async () => {
      const c = client();
      await c.connect();
      const before = h.emulator.callCount('help.getNearestDc');
      h.emulator.faults.delayMs = 150;
      const pending = c.invoke({ _: 'help.getNearestDc' });
      await new Promise((r) => setTimeout(r, 50)); // the server has it; its answer waits behind the delay
      h.emulator.faults.closeConnections();
      h.emulator.faults.delayMs = 0;
      expect(await pending).to.include({ _: 'nearestDc' });
      expect(h.emulator.callCount('help.getNearestDc') - before).to.equal(1);
    });

    it('the connection closes before a request leaves: it is sent after reconnecting', async () => {
      const c = client();
      await c.connect();
      h.emulator.faults.closeConnections();
      const results = await Promise.all([c.invoke({ _: 'help.getNearestDc' }), c.invoke({ _: 'help.getNearestDc' })]);
      expect(results.map((r) => r._)).to.deep.equal(['nearestDc', 'nearestDc']);
    });

    it('delayed and split frames', async () => {
      h.emulator.faults.delayMs = 100;
      h.emulator.faults.splitFrames = true;
      const c = client({ transport: 'full' });
      await c.connect();
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
    });

    it('bad_server_salt: the salt changes under a connected client', async () => {
      const c = client();
      await c.connect();
      h.emulator.faults.badServerSalt();
      const before = h.emulator.callCount('help.getNearestDc');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      expect(h.emulator.callCount('help.getNearestDc') - before).to.equal(1);
    });

    it('a server clock an hour ahead: from the handshake, and after connecting (bad_msg_notification)', async () => {
      h.emulator.faults.clockSkewSeconds = 3600;
      const early = client();
      await early.connect();
      const c = client();
      h.emulator.faults.clockSkewSeconds = 0;
      await c.connect();
      h.emulator.faults.clockSkewSeconds = -3600;
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      expect(await early.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
    });

    it('an rpc_error answer is a typed RpcError; the next call succeeds', async () => {
      const c = client();
      await c.connect();
      h.emulator.faults.failMethod('help.getNearestDc', 400, 'SOME_ERROR');
      const error = await c.invoke({ _: 'help.getNearestDc' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RpcError).and.include({ code: 400, errorMessage: 'SOME_ERROR', method: 'help.getNearestDc' });
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
    });
  });

  describe('errors the client acts on', () => {
    const events = h.events;

    it('FLOOD_WAIT under the threshold: slept through, retried, and reported', async () => {
      const c = client();
      await c.connect();
      const seen = events(c);
      h.emulator.faults.failMethod('help.getNearestDc', 420, 'FLOOD_WAIT_1');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      expect(seen).to.deep.include({ type: 'flood-wait', method: 'help.getNearestDc', seconds: 1, retrying: true });
    });

    it('FLOOD_WAIT over the threshold: a FloodWaitError with the seconds, also reported', async () => {
      const c = client();
      await c.connect();
      const seen = events(c);
      h.emulator.faults.failMethod('help.getNearestDc', 420, 'FLOOD_WAIT_100');
      const error = await c.invoke({ _: 'help.getNearestDc' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(FloodWaitError).and.include({ seconds: 100, method: 'help.getNearestDc' });
      expect(seen).to.deep.include({ type: 'flood-wait', method: 'help.getNearestDc', seconds: 100, retrying: false });
    });

    it('NETWORK_MIGRATE moves the home DC: a new auth key there, and the request is answered by it', async () => {
      const c = client({ dcId: 1 });
      await c.connect();
      const seen = events(c);
      h.emulator.faults.failMethod('help.getNearestDc', 303, 'NETWORK_MIGRATE_3');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ thisDc: 3 });
      expect(c.dcId).to.equal(3);
      expect(seen).to.deep.include({ type: 'home-dc', from: 1, to: 3 });
      expect(seen).to.deep.include({ type: 'auth-key', dcId: 3 });
    });

    it('FILE_MIGRATE sends that one request to the other DC; home stays', async () => {
      const c = client({ dcId: 1 });
      await c.connect();
      h.emulator.faults.failMethod('help.getNearestDc', 303, 'FILE_MIGRATE_2');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ thisDc: 2 });
      expect(c.dcId).to.equal(1);
    });

    it('500 INTERNAL: a read-only request is retried; one that changes something is not', async () => {
      const c = client();
      await c.connect();
      const seen = events(c);
      h.emulator.faults.failMethod('help.getNearestDc', 500, 'INTERNAL');
      expect(await c.invoke({ _: 'help.getNearestDc' })).to.include({ _: 'nearestDc' });
      expect(seen.filter((e) => e.type === 'retry')).to.have.length(1);
      h.emulator.faults.failMethod('help.saveAppLog', 500, 'INTERNAL');
      const before = h.emulator.callCount('help.saveAppLog');
      const error = await c.invoke({ _: 'help.saveAppLog', events: [] }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RpcError).and.include({ code: 500 });
      expect(h.emulator.callCount('help.saveAppLog') - before).to.equal(1);
    });

    it('a timed-out request that changes something: resent only when msgs_state_req says it never arrived', async () => {
      const c = client();
      await c.connect();
      const seen = events(c);
      h.emulator.faults.dropCalls('help.saveAppLog');
      const before = h.emulator.callCount('help.saveAppLog');
      // The emulator answers saveAppLog with METHOD_NOT_IMPLEMENTED: an answer, once it arrives.
      const error = await c.invoke({ _: 'help.saveAppLog', events: [] }, { timeout: 300 }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RpcError).and.include({ errorMessage: 'METHOD_NOT_IMPLEMENTED' });
      expect(h.emulator.callCount('help.saveAppLog') - before, 'run once, after the lost copy').to.equal(1);
      expect(seen.filter((e) => e.type === 'retry')).to.have.length(1);
    });

    it('a timed-out request the server did receive is not sent again, and the error says why', async () => {
      const c = client();
      await c.connect();
      h.emulator.faults.delayMs = 600;
      const before = h.emulator.callCount('help.saveAppLog');
      const error = await c.invoke({ _: 'help.saveAppLog', events: [] }, { timeout: 200 }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RequestTimeoutError).and.include({ received: true });
      expect((error as Error).message).to.match(/may have been applied/);
      expect(h.emulator.callCount('help.saveAppLog') - before).to.equal(1);
    });

    it('requests with different timeouts each time out at their own, the shorter first; an answered one never does', async () => {
      const c = client();
      await c.connect();
      h.emulator.faults.delayMs = 400;
      const ended: string[] = [];
      const track = (name: string, p: Promise<unknown>) =>
        p.then(
          () => ended.push(`${name} answered`),
          (e: unknown) => ended.push(`${name} ${e instanceof RequestTimeoutError ? 'timed out' : String(e)}`),
        );
      // The long one first: a later, shorter timeout must not wait behind it.
      await Promise.all([
        track('long', c.invoke({ _: 'help.getNearestDc' }, { timeout: 5000 })),
        track('middle', c.invoke({ _: 'help.saveAppLog', events: [] }, { timeout: 300 })),
        track('short', c.invoke({ _: 'help.saveAppLog', events: [] }, { timeout: 50 })),
      ]);
      expect(ended.filter((e) => e !== 'long answered')).to.deep.equal(['short timed out', 'middle timed out']);
      expect(ended).to.include('long answered');
    });

    it('an AbortSignal ends the wait for an answer', async () => {
      const c = client();
      await c.connect();
      h.emulator.faults.delayMs = 500;
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
