import { expect } from 'chai';
import type { BaseTelegramClient } from '@mtcute/core/client.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { InteropCryptoProvider, mtcuteClient, trustEmulatorKey, TRANSPORTS, unexpectedErrors, type LogEntry, type MtcuteTransport } from './mtcute.js';

describe('interop: mtcute (@mtcute/core 0.30.3, sends layer 227) against the emulator', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  const crypto = new InteropCryptoProvider();
  const clients: BaseTelegramClient[] = [];

  before(async () => {
    emulator = await startEmulator();
    crypto.initialize();
    trustEmulatorKey(emulator, crypto);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
  });
  after(async () => {
    await emulator?.close();
  });

  /** Connects over `transport`, checks the handshake, the config and help.getNearestDc; returns what mtcute logged. */
  async function handshakeAndConfig(transport: MtcuteTransport): Promise<LogEntry[]> {
    const keys = emulator.authKeyCount;
    const configCalls = emulator.callCount('help.getConfig');
    const { client, storage, log } = mtcuteClient(emulator, transport, crypto, 2);
    clients.push(client);

    await client.connect();
    // The first call goes out as invokeWithLayer(initConnection(help.getConfig)).
    const config = await client.call({ _: 'help.getConfig' });
    // One key, or more when mtcute retried: it builds its key with bigint.toBytes(g_ab) and no length, so when the
    // key starts with a zero byte (1 handshake in 256) it holds 255 bytes, new_nonce_hash1 fails and it starts over.
    expect(emulator.authKeyCount).to.be.at.least(keys + 1);
    expect(emulator.callCount('help.getConfig')).to.equal(configCalls + 1);
    expect(storage.authKeys.get(2)).to.have.length(256);
    expect(log.some((e) => e.fmt.includes('wrapping %s with initConnection') && e.args[0] === 'help.getConfig')).to.equal(true);

    expect(config._).to.equal('config');
    expect(config.thisDc).to.equal(2);
    expect(config.dcOptions.filter((o) => !o.cdn).map((o) => [o.id, o.ipAddress, o.port])).to.deep.equal(emulator.dcs.map((d) => [d.id, d.host, d.port]));

    const nearest = await client.call({ _: 'help.getNearestDc' });
    expect(nearest).to.deep.equal({ _: 'nearestDc', country: 'XX', thisDc: 2, nearestDc: 2 });

    // mtcute recovers from some server complaints (bad_msg_notification resets the session) and logs them as errors.
    expect(unexpectedErrors(log)).to.deep.equal([]);
    return log;
  }

  for (const transport of Object.keys(TRANSPORTS) as MtcuteTransport[]) {
    it(`${transport}: creates an auth key (RSA_PAD, p_q_inner_data_dc), initConnection gets the config, then help.getNearestDc`, async () => {
      const log = await handshakeAndConfig(transport);
      expect(log.find((e) => e.fmt.includes('found server key'))?.args).to.deep.equal([BigInt.asUintN(64, emulator.fingerprint).toString(16), false]);
    });
  }

  it('intermediate with the key marked old: legacy RSA encryption of p_q_inner_data_dc', async () => {
    trustEmulatorKey(emulator, crypto, true);
    try {
      const log = await handshakeAndConfig('intermediate');
      expect(log.find((e) => e.fmt.includes('found server key'))?.args).to.deep.equal([BigInt.asUintN(64, emulator.fingerprint).toString(16), true]);
    } finally {
      trustEmulatorKey(emulator, crypto, false);
    }
  });
});
