/** Abort helpers shared by the client's calls, uploads and downloads. */

/**
 * What cancels a call: an AbortSignal, or anything with its `abort` event.
 * The framework passes its handler runs, which cost no AbortController (an
 * EventTarget each, a tenth of a bot's time per update) until a handler
 * asks for `ctx.signal`.
 */
export interface Cancellation {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Rejects with the signal's reason as soon as it fires; the promise itself runs on (its result is ignored). */
export function abortable<T>(promise: Promise<T>, signal?: Cancellation): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // Two callbacks rather than then().finally(): one promise fewer per call, and calls with a signal are common (ctx.reply).
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A controller that also aborts when the caller's signal does: workers stop on the first failure or on the caller's cancel. */
export function linkedController(outer?: Cancellation): { controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  if (!outer) return { controller, dispose: () => {} };
  const onAbort = () => controller.abort(outer.reason);
  if (outer.aborted) onAbort();
  else outer.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => outer.removeEventListener('abort', onAbort) };
}
