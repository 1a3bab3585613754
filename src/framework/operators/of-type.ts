import { filter, type OperatorFunction } from 'rxjs';

/**
 * Keeps the events of the given classes, typed as them.
 *
 * ```text
 * events:  -m-c-m-s-|     (m: NewMessage, c: CallbackQuery, s: UserStatus)
 * ofType(NewMessage, CallbackQuery)
 * result:  -m-c-m---|
 * ```
 *
 * ```ts
 * bot.events$.pipe(ofType(NewMessage)).subscribe((m) => console.log(m.text));
 * ```
 */
export function ofType<T, K extends readonly (abstract new (...args: never[]) => T)[]>(...types: K): OperatorFunction<T, InstanceType<K[number]>> {
  if (types.length === 0 || types.some((t) => typeof t !== 'function')) throw new TypeError('ofType: pass one or more event classes, e.g. ofType(NewMessage)');
  return filter((event): event is InstanceType<K[number]> => types.some((t) => event instanceof t));
}
