import type { tl } from '../../schema/index.js';
import type { UpdatesIssue } from '../updates/index.js';

/** What the client tells its observers besides answers: every wait and move is visible. */
export type ClientEvent =
  /** A FLOOD_WAIT/SLOWMODE_WAIT: slept through and retried (`retrying`), or thrown to the caller. */
  | { type: 'flood-wait'; method: string; seconds: number; retrying: boolean }
  /** PHONE/USER/NETWORK_MIGRATE moved the home DC. */
  | { type: 'home-dc'; from: number; to: number }
  /** A read-only request failed transiently and is being sent again. */
  | { type: 'retry'; method: string; attempt: number; error: Error }
  /** The connection to a DC came back after a loss (the home DC then catches up on updates). */
  | { type: 'reconnect'; dcId: number }
  /** A new auth key was made for a DC. */
  | { type: 'auth-key'; dcId: number }
  /** Server-pushed updates, as they arrived (the updates engine orders them for `updates$`). */
  | { type: 'updates'; dcId: number; updates: tl.TypeUpdates }
  /** Something the updates engine noticed: a gap it could not fill, bad input, a channel it gave up on. */
  | { type: 'updates-issue'; issue: UpdatesIssue };
