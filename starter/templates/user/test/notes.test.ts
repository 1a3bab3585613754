import 'reflect-metadata';
import { expect } from 'chai';
import { Client, MemorySessionStore, type tl } from 'layer';
import { startEmulator, type Emulator } from 'layer/emulator';
import { LayerBot, silentLogger } from 'layer/framework';
import { app } from '../src/app.js';
import { loadConfig } from '../src/app.config.js';
import { logIn } from '../src/login.js';

const PHONE = '+15550001234';
const PASSWORD = 'correct horse';
const BOB_PHONE = '+15550009999';

// The userbot runs on a local Telegram emulator, logged in as main.ts does it
// (a code, then the 2FA password). The owner types on "another device" (the
// emulator posts as them); Bob, a real client, sees the userbot's edits.
describe('NotesHandler (a userbot)', function () {
  let emulator: Emulator;
  let userbot: LayerBot;
  let owner: bigint;
  let bob: { id: bigint; client: Client; seen: tl.TypeUpdate[] };
  const clients: Client[] = [];
  const errors: unknown[] = [];

  /** A client of the emulator, logged in to `phone` with the code (and password) the emulator knows. */
  async function logInAs(phone: string, password = '', session = new MemorySessionStore()): Promise<Client> {
    const client = new Client({ ...emulator.clientOptions(), apiId: 1, apiHash: 'emulator', session });
    clients.push(client);
    await client.connect();
    await logIn(client, phone, { code: async () => emulator.lastLoginCode(phone)!, password: async () => password });
    return client;
  }

  beforeEach(async () => {
    emulator = await startEmulator();
    owner = emulator.createUser({ phone: PHONE, firstName: 'Owner', password: PASSWORD }).userId;
    const session = new MemorySessionStore();
    await (await logInAs(PHONE, PASSWORD, session)).close();
    const config = loadConfig({ API_ID: '1', API_HASH: 'emulator', PHONE });
    userbot = LayerBot.create({ config, ...app, client: { ...emulator.clientOptions(), session }, logger: silentLogger });
    userbot.errors$.subscribe((e) => errors.push(e.error));
    await userbot.start();

    const bobId = emulator.createUser({ phone: BOB_PHONE, firstName: 'Bob' }).userId;
    const client = await logInAs(BOB_PHONE);
    bob = { id: bobId, client, seen: [] };
    client.updates$.subscribe(({ update }) => bob.seen.push(update));
    // A message sent before a client has fetched its update state counts as already seen: wait for both.
    await Promise.all([inSync(userbot.client), inSync(client)]);
  });

  afterEach(async () => {
    await userbot.stop();
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await emulator.close();
    errors.splice(0);
  });

  /** The owner writes to Bob from another device; resolves with the message as Bob sees it. */
  async function ownerTypes(text: string): Promise<tl.Message> {
    const before = bob.seen.length;
    emulator.updates.post({ from: owner, to: { user: bob.id }, content: { text } });
    return waitFor((u, i) => (i >= before && u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.message === text ? u.message : undefined), `Bob to get ${JSON.stringify(text)}`);
  }

  it('edits ".ping" into "pong"', async () => {
    const ping = await ownerTypes('.ping');
    expect((await editOf(ping.id)).message).to.equal('pong');
  });

  it('takes notes and lists them', async () => {
    const note = await ownerTypes('.note call the bank');
    expect((await editOf(note.id)).message).to.equal('Noted (#1): call the bank');
    const list = await ownerTypes('.notes');
    expect((await editOf(list.id)).message).to.equal('1. call the bank');
  });

  it("leaves other people's messages alone", async () => {
    await ownerTypes('Hi Bob');
    const fromBob = await bob.client.sendMessage(owner, '.ping');
    // One chat at a time, in order: once the owner's .ping is answered, Bob's has been passed over.
    const mine = await ownerTypes('.ping');
    await editOf(mine.id);
    expect(bob.seen.some((u) => u._ === 'updateEditMessage' && u.message.id === fromBob.id)).to.equal(false);
    expect(errors).to.deep.equal([]);
  });

  /** Waits (up to 5 s) until the client's updates engine has fetched its state (which carries the server's date). */
  async function inSync(client: Client): Promise<void> {
    const synced = () => (client.updatesState()?.date ?? 0) > 0;
    for (let tries = 0; tries < 500 && !synced(); tries++) await new Promise((r) => setTimeout(r, 10));
    if (!synced()) throw new Error('the updates engine never fetched its state');
  }

  /** Waits (up to 5 s) until Bob has seen an update `pick` finds something in. */
  async function waitFor<T>(pick: (u: tl.TypeUpdate, index: number) => T | undefined, what: string): Promise<T> {
    for (let tries = 0; tries < 500; tries++) {
      for (const [i, u] of bob.seen.entries()) {
        const found = pick(u, i);
        if (found !== undefined) return found;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  function editOf(id: number): Promise<tl.Message> {
    return waitFor((u) => (u._ === 'updateEditMessage' && u.message._ === 'message' && u.message.id === id ? u.message : undefined), `an edit of message ${id}`);
  }
});
