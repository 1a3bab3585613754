import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';

/** Users: shows one online (for about 5 minutes, unless renewed) or offline (with "last seen" now). */
export async function setStatus(client: Client, status: 'online' | 'offline'): Promise<void> {
  if (status !== 'online' && status !== 'offline') throw new InvalidArgumentError('setStatus', 'status', "'online' or 'offline'", status);
  await client.invoke({ _: 'account.updateStatus', offline: status === 'offline' });
}
