import { Client } from '../../../src/protocol/client/client.js';
import type { ClientEvent } from '../../../src/protocol/client/events.js';
import type { ClientOptions } from '../../../src/protocol/client/options.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';

/**
 * One emulator for a describe block, and clients on it that are closed after
 * each test (with the fault knobs reset), so mocha exits on its own.
 */
export function useEmulator(defaults: Partial<ClientOptions> = {}) {
  const clients: Client[] = [];
  const harness = {
    emulator: undefined as unknown as Emulator,
    /** A client of the emulator; reconnects fast so fault tests stay short. */
    client(options: Partial<ClientOptions> = {}): Client {
      const c = new Client({ ...harness.emulator.clientOptions(), apiId: 1, apiHash: 'emulator', reconnectDelay: { initial: 20, max: 200 }, ...defaults, ...options });
      clients.push(c);
      return c;
    },
    /** Everything the client reports on events$, from now on. */
    events(c: Client): ClientEvent[] {
      const seen: ClientEvent[] = [];
      c.events$.subscribe((e) => seen.push(e));
      return seen;
    },
  };
  before(async () => {
    harness.emulator = await startEmulator();
  });
  afterEach(async () => {
    harness.emulator.faults.reset();
    harness.emulator.files.reset(); // CDN knobs and pending reference expiry, which faults.reset() leaves

    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  after(() => harness.emulator.close());
  return harness;
}
