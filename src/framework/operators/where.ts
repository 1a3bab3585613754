import { concatMap, filter, from, map, type OperatorFunction } from 'rxjs';
import type { Predicate } from '../composer/types.js';

/**
 * A filter (or any predicate, asynchronous ones included) as an operator:
 * keeps the values it passes, narrowed as the filter promises, in order.
 *
 * ```text
 * contexts: -a-b-c-|     where(command('start'))
 * result:   -a---c-|     (a, c are /start messages, now with ctx.command)
 * ```
 *
 * ```ts
 * contexts$.pipe(where(regex(/^hi/i))).subscribe((ctx) => ctx.match[0]);
 * ```
 */
export function where<T, N extends T>(guard: (value: T) => value is N): OperatorFunction<T, N>;
export function where<T>(predicate: Predicate<T>): OperatorFunction<T, T>;
export function where<T>(predicate: Predicate<T>): OperatorFunction<T, T> {
  // concatMap keeps the order even when a predicate answers asynchronously.
  return concatMap((value) => {
    const verdict = predicate(value);
    if (typeof verdict === 'boolean') return verdict ? [value] : [];
    return from(verdict).pipe(
      filter((ok) => ok),
      map(() => value),
    );
  });
}
