import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { UnexpectedAnswerError } from '../errors.js';

/** The logged-in user or bot, fresh from the server. */
export async function getMe(client: Client): Promise<tl.User> {
  const [me] = await client.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
  if (me?._ !== 'user') throw new UnexpectedAnswerError('getMe', 'the logged-in user');
  return me;
}
