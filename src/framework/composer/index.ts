export type { Middleware, NextFn, Filter, AddedBy, Predicate } from './types.js';
export { compose, run } from './compose.js';
export { filter, branch, lazy, errorBoundary } from './combinators.js';
export { Composer } from './composer.js';
