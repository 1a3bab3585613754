import { expect } from 'chai';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { Api, gramClient, trustEmulatorKey, TRANSPORTS, type Config, type GramTransport } from './gramjs.js';

describe('interop: GramJS (telegram 2.26.22, layer 198) against the emulator', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let untrust: () => void;
  const clients: ReturnType<typeof gramClient>['client'][] = [];

  before(async () => {
    emulator = await startEmulator();
    untrust = trustEmulatorKey(emulator);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
  });
  after(async () => {
    untrust?.();
    await emulator?.close();
  });

  for (const transport of Object.keys(TRANSPORTS) as GramTransport[]) {
    it(`${transport}: creates an auth key (req_pq_multi, RSA_PAD, legacy p_q_inner_data), initConnection gets the config, then help.getNearestDc`, async () => {
      const keys = emulator.authKeyCount;
      const configCalls = emulator.callCount('help.getConfig');
      const { client, initConfig } = gramClient(emulator, transport, 2);
      clients.push(client);

      expect(await client.connect()).to.equal(true);
      // One key, or more when GramJS retried after dropping a leading zero byte of its key (1 handshake in 256).
      expect(emulator.authKeyCount).to.be.at.least(keys + 1);
      expect(emulator.callCount('help.getConfig')).to.equal(configCalls + 1);
      expect(client.session.getAuthKey()?.getKey()).to.have.length(256);

      const config = (await initConfig) as Config;
      expect(config).to.be.instanceOf(Api.Config);
      expect(config.thisDc).to.equal(2);
      expect(config.dcOptions.filter((o) => !o.cdn).map((o) => [o.id, o.ipAddress, o.port])).to.deep.equal(emulator.dcs.map((d) => [d.id, d.host, d.port]));

      const nearest = await client.invoke(new Api.help.GetNearestDc());
      expect(nearest).to.be.instanceOf(Api.NearestDc);
      expect({ country: nearest.country, thisDc: nearest.thisDc, nearestDc: nearest.nearestDc }).to.deep.equal({ country: 'XX', thisDc: 2, nearestDc: 2 });
    });
  }
});
