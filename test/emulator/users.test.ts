import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { useEmulator } from '../protocol/client/harness.js';
import { loginUser } from '../protocol/client/methods/accounts.js';

describe('emulator: user objects show what the world knows of the account', () => {
  const h = useEmulator();

  it('the status a user last set (online, offline, recently...) is in the user object others receive', async () => {
    const alice = await loginUser(h, 'Alice', 'alice_status');
    const bob = await loginUser(h, 'Bob');
    const seen = async () => ((await bob.client.invoke({ _: 'contacts.resolveUsername', username: 'alice_status' })).users[0] as tl.User).status;
    expect(await seen()).to.deep.equal({ _: 'userStatusRecently', byMe: false });
    const offline = h.emulator.updates.statuses.set(alice.id, 'offline');
    expect(await seen()).to.deep.equal(offline);
    await alice.client.setStatus('online');
    expect((await seen())?._).to.equal('userStatusOnline');
  });
});
