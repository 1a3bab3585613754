import type { tl } from '../../../schema/index.js';
import type { Client } from '../client.js';

/** Logs in as a bot with its token from @BotFather (USER_MIGRATE moves to the bot's DC by itself). */
export async function signInBot(client: Client, apiId: number, apiHash: string, token: string): Promise<tl.User> {
  const authorization = await client.invoke({ _: 'auth.importBotAuthorization', flags: 0, apiId, apiHash, botAuthToken: token });
  return client.setAuthorization(authorization);
}
