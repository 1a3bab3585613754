/**
 * Which failures a request may be retried after. A request that changes
 * something (sendMessage, editMessage, ...) is never sent again after a
 * failure whose effect is unknown (500 INTERNAL, a timeout): the server may
 * have applied it, and a second copy would act twice. Reads are safe to repeat.
 */
const READ_ONLY = /^(get|check|search|resolve|fetch|export)[A-Z]|^(getState|getDifference|getChannelDifference|getConfig|getNearestDc)$/;

export function isReadOnly(method: string): boolean {
  const base = method.slice(method.lastIndexOf('.') + 1);
  return READ_ONLY.test(base) || method === 'ping';
}

/** Attempts for a transient failure of a read-only request, and the delays between them (ms). */
export const TRANSIENT_RETRIES = [200, 1000, 3000];
