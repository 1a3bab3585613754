/** The typing decorators share: checked filters, narrowed contexts, guard and middleware classes. */
import type { NextFn, Predicate } from '../composer/types.js';
import type { Filter } from '../composer/types.js';

/** Each filter must accept the decorator's context (a filter for callback data on @OnNewMessage is a type error). */
export type CheckedFilters<C, F extends unknown[]> = { [K in keyof F]: F[K] & Predicate<C> };

type AddedOf<F> = F extends Filter<any, infer A> ? A : unknown;

/** The context a handler gets: the event's context with what each filter adds. */
export type Narrowed<C, F extends unknown[]> = F extends [infer H, ...infer R] ? Narrowed<C & AddedOf<H>, R> : C;

/** What an event decorator returns: it checks the method takes the (narrowed) context. */
export type HandlerDecorator<C> = <T extends (ctx: C, next: NextFn) => unknown>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) => void;

/** A guard class: resolved from the update's container, so it can inject services. */
export interface CanActivate<C = any> {
  canActivate(ctx: C): boolean | Promise<boolean>;
}

/** A middleware class: resolved from the update's container. */
export interface LayerMiddleware<C = any> {
  use(ctx: C, next: NextFn): unknown;
}

export type GuardLike<C = any> = Predicate<C> | (new (...args: any[]) => CanActivate<C>);
export type MiddlewareLike<C = any> = ((ctx: C, next: NextFn) => unknown) | (new (...args: any[]) => LayerMiddleware<C>);
