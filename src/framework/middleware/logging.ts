/**
 * One log line per update: its kind, chat, sender, how long the rest of the
 * chain took, and how it ended. An error is logged and passed on unchanged.
 * ```
 * NewMessage chat=-1001234 from=42 3ms ok
 * CallbackQuery chat=42 from=42 12ms error RpcError: MESSAGE_NOT_MODIFIED
 * ```
 */
import type { MiddlewareFn, UpdateLike } from './types.js';

export interface LoggingOptions {
  /** Where lines go. Default `console.log`. */
  log?: (line: string) => void;
  /** The clock durations are measured by, in milliseconds. Default `performance.now`. */
  now?: () => number;
}

export function logging<C extends UpdateLike>(options: LoggingOptions = {}): MiddlewareFn<C> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => performance.now());
  return async (ctx, next) => {
    const started = now();
    const describe = () => {
      const parts = [ctx.event?.kind ?? 'update'];
      if (ctx.chatId !== undefined) parts.push(`chat=${ctx.chatId}`);
      if (ctx.senderId !== undefined) parts.push(`from=${ctx.senderId}`);
      parts.push(`${Math.round(now() - started)}ms`);
      return parts.join(' ');
    };
    try {
      await next();
    } catch (e) {
      log(`${describe()} error ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      throw e;
    }
    log(`${describe()} ok`);
  };
}
