/** The framework's errors: each names what went wrong and, where it can, the fix. */

export class FrameworkError extends Error {
  override name = 'FrameworkError';
}

/** One problem with the bot's configuration. */
export interface ConfigProblem {
  /** The config field, e.g. `apiId`. */
  field: string;
  /** What is wrong with it. */
  message: string;
  /** What to do about it. */
  fix: string;
}

/** The config failed validation at start; `problems` lists every field that did. */
export class ConfigError extends FrameworkError {
  override name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((p) => `config.${p.field}: ${p.message}. Fix: ${p.fix}`).join('\n'));
  }

  /** The first bad field. */
  get field(): string {
    return this.problems[0]?.field ?? '';
  }
}

/** A decorator was used wrongly; the message names the decorator and the member. */
export class DecoratorError extends FrameworkError {
  override name = 'DecoratorError';
  constructor(
    readonly decorator: string,
    readonly member: string,
    problem: string,
  ) {
    super(`${decorator} on ${member}: ${problem}`);
  }
}

/** A handler ran past its timeout; its AbortSignal was aborted with this error. */
export class HandlerTimeoutError extends FrameworkError {
  override name = 'HandlerTimeoutError';
  constructor(
    readonly timeoutMs: number,
    readonly event: string,
  ) {
    super(`handling ${event} took longer than ${timeoutMs} ms: its signal was aborted and its chat moves on`);
  }
}

/** The bot stopped while a handler still ran; its AbortSignal was aborted with this error. */
export class BotStoppedError extends FrameworkError {
  override name = 'BotStoppedError';
  constructor(readonly reason = 'the bot is stopping') {
    super(reason);
  }
}

/** Middleware misuse, e.g. `next()` called twice. */
export class MiddlewareError extends FrameworkError {
  override name = 'MiddlewareError';
}

/** An error a handler (or its middleware or guards) threw that no @Catch took: what `bot.errors$` carries. */
export class HandlerError extends FrameworkError {
  override name = 'HandlerError';
  constructor(
    readonly error: unknown,
    /** The context of the update that failed. */
    readonly ctx: unknown,
  ) {
    super(`unhandled error while handling an update: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** A context helper that does not apply to the event, e.g. `ctx.answer()` on a new message. */
export class ContextError extends FrameworkError {
  override name = 'ContextError';
}
