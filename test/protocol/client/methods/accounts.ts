import type { Client } from '../../../../src/protocol/client/client.js';
import type { UpdateEvent } from '../../../../src/protocol/updates/index.js';
import type { tl } from '../../../../src/schema/index.js';
import type { useEmulator } from '../harness.js';

type Harness = ReturnType<typeof useEmulator>;
let counter = 0;

/** A user logged in through the wire (phone + code), with its updates collected. */
export async function loginUser(h: Harness, firstName: string, username?: string): Promise<{ client: Client; id: bigint; updates: tl.TypeUpdate[] }> {
  const phone = `+4477${String(process.pid % 1000).padStart(3, '0')}${String(++counter).padStart(5, '0')}`;
  const { userId } = h.emulator.createUser({ phone, firstName, username, dcId: 1 });
  const client = h.client({ dcId: 1 });
  await client.connect();
  const sent = await client.sendCode(phone);
  await client.signIn(sent, h.emulator.lastLoginCode(phone)!);
  return { client, id: userId, updates: collect(client) };
}

/** A bot logged in with its token, with its updates collected. */
export async function loginBot(h: Harness, username: string): Promise<{ client: Client; id: bigint; updates: tl.TypeUpdate[] }> {
  const bot = h.emulator.createBot({ username, dcId: 1 });
  const client = h.client({ dcId: 1 });
  await client.connect();
  await client.signInBot(bot.token);
  return { client, id: bot.userId, updates: collect(client) };
}

function collect(client: Client): tl.TypeUpdate[] {
  const seen: tl.TypeUpdate[] = [];
  client.updates$.subscribe((e: UpdateEvent) => seen.push(e.update));
  return seen;
}

/** Waits (on real time, briefly) until an update matching `match` has arrived; returns it. */
export async function waitFor<T extends tl.TypeUpdate>(updates: tl.TypeUpdate[], match: (u: tl.TypeUpdate) => u is T, what: string): Promise<T>;
export async function waitFor(updates: tl.TypeUpdate[], match: (u: tl.TypeUpdate) => boolean, what: string): Promise<tl.TypeUpdate>;
export async function waitFor(updates: tl.TypeUpdate[], match: (u: tl.TypeUpdate) => boolean, what: string): Promise<tl.TypeUpdate> {
  for (let i = 0; i < 300; i++) {
    const found = updates.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The text of new messages that arrived, in order. */
export function texts(updates: tl.TypeUpdate[]): string[] {
  return updates.flatMap((u) => ((u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage') && u.message._ === 'message' ? [u.message.message] : []));
}
