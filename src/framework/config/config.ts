/**
 * The bot's config: a class validated with class-validator at create time.
 * Extend it with your own fields (decorated with class-validator's rules);
 * the validated instance is injectable as its class and as CONFIG.
 */
import 'reflect-metadata';
import { IsBoolean, IsInt, IsOptional, IsPositive, IsString, Matches, Max, Min, MinLength, validateSync, type ValidationError } from 'class-validator';
import { ConfigError, type ConfigProblem } from '../errors.js';

export class BotConfig {
  /** api_id from https://my.telegram.org/apps. */
  @IsInt()
  @IsPositive()
  apiId!: number;

  /** api_hash from https://my.telegram.org/apps. */
  @IsString()
  @MinLength(1)
  @Matches(/^\S+$/, { message: 'apiHash must not contain spaces' })
  apiHash!: string;

  /** The token from @BotFather; without it the session must already be logged in. */
  @IsOptional()
  @Matches(/^\d{1,20}:[A-Za-z0-9_-]{30,}$/, { message: 'botToken must look like 123456:ABC-DEF... (the bot id, a colon, the secret)' })
  botToken?: string;

  /** Handlers running at once across chats (one chat is always one at a time). */
  @IsOptional()
  @IsInt()
  @Min(1)
  concurrency?: number;

  /** Each handler's AbortSignal is aborted after this long, and its chat moves on. Default 30 000. */
  @IsOptional()
  @IsInt()
  @Min(1)
  handlerTimeoutMs?: number;

  /** Updates received and not yet handled before the bot reports backpressure. Default 10 000. */
  @IsOptional()
  @IsInt()
  @Min(1)
  highWaterMark?: number;

  /**
   * Hand the account's own outgoing messages (and edits, and service messages
   * it caused) to handlers too. Default false: a handler that answers every
   * message would otherwise answer its own answers. They are on bot.events$
   * either way.
   */
  @IsOptional()
  @IsBoolean()
  handleOutgoing?: boolean;

  /** How long stop() waits for handlers in flight. Default 10 000. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  stopTimeoutMs?: number;
}

/** The fix to suggest for each field; user fields get a generic one. */
const FIXES: Record<string, string> = {
  apiId: 'set apiId to the number "App api_id" shown at https://my.telegram.org/apps',
  apiHash: 'set apiHash to the "App api_hash" string shown at https://my.telegram.org/apps',
  botToken: 'copy the token @BotFather gave you (/token), e.g. "123456789:AAF..."; or leave botToken out and start from a logged-in session',
  concurrency: 'use a positive integer (default 256)',
  handlerTimeoutMs: 'use a positive number of milliseconds (default 30000)',
  highWaterMark: 'use a positive integer (default 10000)',
  handleOutgoing: 'use true or false',
  stopTimeoutMs: 'use a number of milliseconds from 0 to 3600000 (default 10000)',
};

function problems(errors: ValidationError[], prefix = ''): ConfigProblem[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = Object.values(e.constraints ?? {});
    const got = e.value === undefined ? 'it is missing' : `got ${typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value)}`;
    const mine: ConfigProblem[] = own.length ? [{ field, message: `${own.join('; ')} (${got})`, fix: FIXES[field] ?? `give ${field} a valid value` }] : [];
    return [...mine, ...problems(e.children ?? [], `${field}.`)];
  });
}

/**
 * A validated config: `config` as an instance of `type` (a plain object is
 * copied onto a new one). Throws ConfigError naming every bad field and its fix.
 */
export function validateConfig<T extends BotConfig>(config: T | Record<string, unknown>, type: new () => T = BotConfig as new () => T): T {
  if (config === null || typeof config !== 'object') throw new ConfigError([{ field: '(config)', message: `expected an object, got ${config === null ? 'null' : typeof config}`, fix: 'pass { apiId, apiHash, botToken }' }]);
  const instance = config instanceof BotConfig ? (config as T) : Object.assign(new type(), config);
  const found = problems(validateSync(instance, { forbidUnknownValues: false }));
  if (found.length) throw new ConfigError(found);
  return instance;
}
