/** and / or / not over filters, keeping the narrowing. */
import type { Filter } from '../composer/types.js';

/** Passes when every filter passes; the context gets what each adds. Runs them in order, stopping at the first that fails. */
export function and<A, AA, B, BA>(a: Filter<A, AA>, b: Filter<B, BA>): Filter<A & B, AA & BA>;
export function and<A, AA, B, BA, C, CA>(a: Filter<A, AA>, b: Filter<B, BA>, c: Filter<C, CA>): Filter<A & B & C, AA & BA & CA>;
export function and<A, AA, B, BA, C, CA, D, DA>(a: Filter<A, AA>, b: Filter<B, BA>, c: Filter<C, CA>, d: Filter<D, DA>): Filter<A & B & C & D, AA & BA & CA & DA>;
export function and(...filters: Filter<any, any>[]): Filter<any, any> {
  check('and', filters);
  return ((ctx: unknown) => filters.every((f) => f(ctx))) as Filter<any, any>;
}

/** Passes when any filter passes (the first that does); the context gets what one of them adds. */
export function or<A, AA, B, BA>(a: Filter<A, AA>, b: Filter<B, BA>): Filter<A & B, AA | BA>;
export function or<A, AA, B, BA, C, CA>(a: Filter<A, AA>, b: Filter<B, BA>, c: Filter<C, CA>): Filter<A & B & C, AA | BA | CA>;
export function or<A, AA, B, BA, C, CA, D, DA>(a: Filter<A, AA>, b: Filter<B, BA>, c: Filter<C, CA>, d: Filter<D, DA>): Filter<A & B & C & D, AA | BA | CA | DA>;
export function or(...filters: Filter<any, any>[]): Filter<any, any> {
  check('or', filters);
  return ((ctx: unknown) => filters.some((f) => f(ctx))) as Filter<any, any>;
}

/** Passes when the filter fails; it promises nothing more about the context. */
export function not<A>(filter: Filter<A, any>): Filter<A> {
  check('not', [filter]);
  return ((ctx: A) => !filter(ctx)) as Filter<A>;
}

function check(name: string, filters: unknown[]): void {
  if (filters.length === 0) throw new TypeError(`${name}(): pass at least one filter`);
  const bad = filters.findIndex((f) => typeof f !== 'function');
  if (bad >= 0) throw new TypeError(`${name}(): argument ${bad + 1} is not a filter (got ${typeof filters[bad]})`);
}

/** Makes a filter from a plain test; `added` writes what the filter promises onto the context. */
export function makeFilter<In, Added = unknown>(test: (ctx: In) => boolean): Filter<In, Added> {
  return test as Filter<In, Added>;
}
