/**
 * The requests the engine asks its driver to send: their ids, the list of
 * those awaited, and the backoff after a failure. The engine never sends:
 * requests go out in the step, answers come back through resolve / reject.
 */
import type { EngineCore, Fetch, InFlight } from './core.js';
import { issue } from './step.js';
import type { PendingRequest, UpdatesRequest } from './types.js';

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;
/** Errors after which no request can succeed: the session is gone. */
export const FATAL = /AUTH_KEY_UNREGISTERED|AUTH_KEY_INVALID|AUTH_KEY_PERM_EMPTY|SESSION_REVOKED|SESSION_EXPIRED|USER_DEACTIVATED/;

export function send(core: EngineCore, request: UpdatesRequest, meta: InFlight): number {
  const id = core.nextId++;
  core.inFlight.set(id, meta);
  core.out.requests.push({ id, request } satisfies PendingRequest);
  return id;
}

/** The in-flight request `id`, taken off the list, if the engine still waits for it. */
export function awaited(core: EngineCore, id: number): InFlight | undefined {
  const f = core.inFlight.get(id);
  if (!f) return undefined;
  core.inFlight.delete(id);
  const fetch = f.kind === 'channel' ? core.channels.get(f.channelId!)?.fetch : core.sync;
  return fetch?.id === id ? f : undefined;
}

/** Backs off exponentially, or for as long as a FLOOD_WAIT asks. */
export function retryLater(core: EngineCore, fetch: Fetch, id: number | undefined, method: string, error: string): void {
  fetch.id = undefined;
  fetch.attempts++;
  const flood = /(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT)_(\d+)/.exec(error);
  const backoff = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (fetch.attempts - 1));
  const delay = Math.max(backoff, flood ? Number(flood[1]) * 1000 : 0);
  fetch.retryAt = core.now() + delay;
  issue(core, { kind: 'request-failed', message: `${method}${id === undefined ? '' : ` (request ${id})`} failed: ${error}; retrying in ${delay} ms`, id: id ?? 0, method, error, retryInMs: delay });
}

/** Requests never answered are forgotten, and their fetch is sent again. */
export function expireRequests(core: EngineCore, now: number): void {
  for (const [id, f] of core.inFlight) {
    if (now - f.sentAt < core.requestTimeoutMs) continue;
    core.inFlight.delete(id);
    issue(core, { kind: 'request-timeout', message: `${f.method} (request ${id}) got no answer in ${core.requestTimeoutMs} ms: sending it again`, id, method: f.method });
    const fetch = f.kind === 'channel' ? core.channels.get(f.channelId!)?.fetch : core.sync;
    if (fetch && fetch.id === id) {
      fetch.id = undefined;
      fetch.retryAt = now;
    }
  }
}

/** The RPC error text (`RpcError.errorMessage`) or the message of anything thrown. */
export function errorText(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const m = (e as { errorMessage?: unknown }).errorMessage ?? (e as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return String(e);
}
