import 'reflect-metadata';
import { expect } from 'chai';
import { testBot, type BotTest } from 'layer/framework/testing';
import { app } from '../src/app.js';
import { AppConfig, loadConfig } from '../src/app.config.js';

// The bot runs on a local Telegram emulator, and Alice talks to it through a
// real client: no network, no token. The emulator fills in apiId, apiHash and
// botToken; the rest of the config is read as in production.
describe('GreeterHandler', function () {
  let t: BotTest;

  beforeEach(async () => {
    const config = loadConfig({ API_ID: '1', API_HASH: 'emulator', GREETING: 'Hello', ADMIN_IDS: '' });
    t = await testBot({ ...app, config });
  });
  afterEach(() => t.stop());

  it('greets on /start, with a button that counts presses', async () => {
    const alice = await t.user({ firstName: 'Alice' });
    await alice.send('/start');
    const greeting = await alice.expectReply();
    expect(greeting.message).to.equal('Hello, Alice!');

    expect((await alice.press('Press me')).message).to.equal('Pressed 1 time');
    expect((await alice.press('Press me')).message).to.equal('Pressed 2 times');
  });

  it('answers an inline query with a greeting to send', async () => {
    const alice = await t.user({ firstName: 'Alice' });
    const { results } = await alice.inline('Bob');
    expect(results).to.have.length(1);
    expect(results[0]).to.include({ id: 'greeting', title: 'Hello, Bob!' });
  });

  it('keeps /stats to the admins: the guard lets nobody else through', async () => {
    const alice = await t.user({ firstName: 'Alice' });
    await alice.send('/stats');
    await alice.send('/start');
    // Handled in order: had /stats answered, its reply would come first.
    expect((await alice.expectReply()).message).to.equal('Hello, Alice!');
  });
});

describe('AppConfig', () => {
  it('reads the environment and names what is wrong', () => {
    const config = loadConfig({ API_ID: '12345', API_HASH: 'abc', BOT_TOKEN: '123456:AAFabcdefghijklmnopqrstuvwxyz01234', ADMIN_IDS: '1, 2' });
    expect(config).to.be.instanceOf(AppConfig);
    expect(config).to.include({ apiId: 12345, apiHash: 'abc', greeting: 'Hello' });
    expect(config.adminIds).to.deep.equal(['1', '2']);
    expect(() => loadConfig({ API_ID: 'twelve', API_HASH: 'abc', ADMIN_IDS: 'bob' })).to.throw(/apiId[\s\S]*adminIds|adminIds[\s\S]*apiId/);
  });
});
