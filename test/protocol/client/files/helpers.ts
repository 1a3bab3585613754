/** A bot and a user on the emulator, logged in, for the file tests. */
import { createHash, randomBytes } from 'node:crypto';
import type { tl } from '../../../../src/schema/index.js';
import type { Client } from '../../../../src/protocol/client/client.js';
import { useEmulator } from '../harness.js';

export const KIB = 1024;
export const MIB = 1024 * 1024;
export const sha256hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
export const bytesOf = (n: number) => new Uint8Array(randomBytes(n));

let counter = 0;

export interface Pair {
  client: Client;
  botId: bigint;
  userId: bigint;
  /** The user, as the bot addresses them. */
  peer: tl.InputPeerUser;
}

/** A logged-in bot client on `dcId` and a user (homed on `userDc`) it can send files to. */
export async function botWithUser(h: ReturnType<typeof useEmulator>, options: { dcId?: number; userDc?: number; connections?: number } = {}): Promise<Pair> {
  const n = ++counter;
  const bot = h.emulator.createBot({ username: `files_${n}_${process.pid}_bot`, dcId: options.dcId ?? 2 });
  const username = `files_user_${n}_${process.pid}`;
  const user = h.emulator.createUser({ phone: `+4477009${String(n).padStart(5, '0')}`, firstName: 'Files', username, dcId: options.userDc ?? options.dcId ?? 2 });
  const client = h.client({ dcId: options.dcId ?? 2, updates: false, connections: options.connections });
  await client.connect();
  await client.signInBot(bot.token);
  const resolved = await client.invoke({ _: 'contacts.resolveUsername', username });
  const u = resolved.users.find((x): x is tl.User => x._ === 'user' && x.id === user.userId)!;
  return { client, botId: bot.userId, userId: user.userId, peer: { _: 'inputPeerUser', userId: u.id, accessHash: u.accessHash! } };
}
