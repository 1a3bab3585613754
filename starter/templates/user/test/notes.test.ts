import 'reflect-metadata';
import { expect } from 'chai';
import { testUserbot, type UserbotTest } from 'layer/framework/testing';
import { app } from '../src/app.js';
import { loadConfig } from '../src/app.config.js';
import { logIn } from '../src/login.js';

const PHONE = '+15550001234';

// The userbot runs on a local Telegram emulator, logged in by src/login.ts (the
// code, then the 2FA password) as main.ts does it: no network, no account.
// `t.self` is you on another device: what it types, the userbot sees as yours.
// Bob is someone else, on a real client of his own.
describe('NotesHandler (a userbot)', function () {
  let t: UserbotTest;

  beforeEach(async () => {
    const config = loadConfig({ API_ID: '1', API_HASH: 'emulator', PHONE });
    t = await testUserbot({ ...app, config, phone: PHONE, password: 'correct horse', login: (client, steps) => logIn(client, steps.phone, steps) });
  });
  afterEach(() => t.stop());

  it('edits ".ping" into "pong", in Saved Messages and in a chat with Bob', async () => {
    const ping = await t.self.send('me', '.ping');
    expect((await t.self.expectEdit({ in: 'me', message: ping.id })).message).to.equal('pong');

    const bob = await t.user({ firstName: 'Bob' });
    await t.self.send(bob, '.ping');
    expect((await bob.expectEdit()).message).to.equal('pong');
  });

  it('takes notes in Saved Messages and lists them', async () => {
    const note = await t.self.send('me', '.note call the bank');
    expect((await t.self.expectEdit({ in: 'me', message: note.id })).message).to.equal('Noted (#1): call the bank');
    const list = await t.self.send('me', '.notes');
    expect((await t.self.expectEdit({ in: 'me', message: list.id })).message).to.equal('1. call the bank');
  });

  it("keeps the notes out of other chats, and leaves other people's messages alone", async () => {
    const bob = await t.user({ firstName: 'Bob' });
    await t.self.send('me', '.note the surprise party');
    await t.self.expectEdit({ in: 'me' });
    const fromBob = await bob.send('.ping');
    await t.self.send(bob, '.notes');
    // One chat at a time, in order: once this .ping is answered, the messages before it were passed over.
    await t.self.send(bob, '.ping');
    await bob.expectEdit({ text: 'pong' });
    expect(bob.transcript().map((line) => line.replace(/^\+\d+\.\d+s\s+/, ''))).to.deep.equal([
      'Bob: ".ping"',
      `@${t.username}: ".notes"`,
      `@${t.username}: "pong" (edited)`,
    ]);
    expect(bob.messages().find((m) => m.id === fromBob.id)).to.include({ message: '.ping' });
    expect(t.errors).to.deep.equal([]);
  });
});
