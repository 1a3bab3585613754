/** Built-in middleware: logging, rate limiting, per-chat state. */
export { logging, type LoggingOptions } from './logging.js';
export { rateLimit, type RateLimitOptions } from './rate-limit.js';
export { chatState, type ChatStateOptions } from './chat-state.js';
export type { MiddlewareFn, Next, UpdateLike } from './types.js';
