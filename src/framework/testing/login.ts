/** Accounts of a test: fresh numbers, and clients logged in with the code the emulator "sent". */
import { Client } from '../../protocol/client/client.js';
import { PasswordNeededError } from '../../protocol/mtproto/rpc-errors.js';
import type { SessionStore } from '../../protocol/storage/index.js';
import type { Emulator } from '../../emulator/index.js';

/** Test accounts live on DC 1, where clients start: no migrations, quick tests. */
export const HOME_DC = 1;

let counter = 0;
/** A suffix no other account of this process has (phones, usernames). */
export const unique = () => `${process.pid % 1000}${String(++counter).padStart(5, '0')}`;

/** What a login needs from the person holding the phone; the test answers for them. */
export interface LoginSteps {
  phone: string;
  /** The code the emulator sent (ask after sendCode). */
  code(): Promise<string>;
  /** The account's 2FA password (empty when it has none). */
  password(): Promise<string>;
}

/** Logs a client in: your own login code (e.g. the one main.ts uses), or the default below. */
export type LoginFlow = (client: Client, steps: LoginSteps) => Promise<unknown>;

/** sendCode, signIn with the code, and the 2FA password when the account has one. */
export const codeLogin: LoginFlow = async (client, steps) => {
  const sent = await client.sendCode(steps.phone);
  try {
    return await client.signIn(sent, await steps.code());
  } catch (error) {
    if (!(error instanceof PasswordNeededError)) throw error;
    return client.checkPassword(await steps.password());
  }
};

export interface LoginOptions {
  session?: SessionStore;
  password?: string;
  login?: LoginFlow;
}

/**
 * A Client of the emulator logged in to the account of `phone` (a new auth
 * key each time), its updates engine in step: a message sent before the
 * engine fetched its state would count as already seen.
 */
export async function loggedInClient(emulator: Emulator, phone: string, options: LoginOptions = {}): Promise<Client> {
  const client = new Client({ ...emulator.clientOptions(), apiId: 1, apiHash: 'emulator', dcId: HOME_DC, session: options.session, reconnectDelay: { initial: 20, max: 200 } });
  try {
    await client.connect();
    await (options.login ?? codeLogin)(client, {
      phone,
      code: async () => emulator.lastLoginCode(phone) ?? '',
      password: async () => options.password ?? '',
    });
    await client.updatesReady();
    return client;
  } catch (error) {
    await client.close();
    throw error;
  }
}
