/**
 * What `bot.events$` carries besides update events: the client's own events
 * (flood waits, DC moves, retries, updates issues) and the bot's backpressure.
 */
import type { ClientEvent } from '../../protocol/client/events.js';

export abstract class StatusEvent {
  abstract readonly kind: string;
}

/** Any event of `client.events$` (raw pushed updates excepted: those arrive as typed events). */
export class ClientStatus extends StatusEvent {
  readonly kind = 'ClientStatus';
  constructor(readonly event: Exclude<ClientEvent, { type: 'updates' }>) {
    super();
  }
}

/** A FLOOD_WAIT: slept through and retried (`retrying`), or thrown to the caller. Also seen as ClientStatus. */
export class FloodWait extends StatusEvent {
  readonly kind = 'FloodWait';
  constructor(
    readonly method: string,
    readonly seconds: number,
    readonly retrying: boolean,
  ) {
    super();
  }
}

/**
 * Handlers fell behind: `pending` updates are received and not yet handled.
 * `high` when it crosses the high-water mark, `normal` once it is back under
 * the low-water mark. Nothing is dropped either way (see docs/framework.md).
 */
export class Backpressure extends StatusEvent {
  readonly kind = 'Backpressure';
  constructor(
    readonly state: 'high' | 'normal',
    readonly pending: number,
    readonly highWaterMark: number,
  ) {
    super();
  }
}

/** Maps a client event to what bot.events$ shows (nothing for raw updates). */
export function statusEvents(event: ClientEvent): StatusEvent[] {
  if (event.type === 'updates') return [];
  const out: StatusEvent[] = [new ClientStatus(event)];
  if (event.type === 'flood-wait') out.push(new FloodWait(event.method, event.seconds, event.retrying));
  return out;
}
