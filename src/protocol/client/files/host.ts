/**
 * What the file functions use of the Client: invoke (with `connection` for
 * the transfer links), the transfer links themselves (CDN DCs included), and
 * the channel access hashes it has seen.
 */
import type { Client } from '../client.js';

export type FileHost = Pick<Client, 'invoke' | 'inputChannel' | 'transfers'>;
