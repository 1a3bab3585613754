import { IsString, Matches, MinLength } from 'class-validator';
import { BotConfig, validateConfig } from 'layer/framework';
import { numberOf, readEnv } from './env.js';

/**
 * The userbot's settings: BotConfig's (apiId, apiHash, limits; no bot token)
 * and the account's phone, each checked by its class-validator rules.
 * Inject it anywhere by its class: `constructor(config: UserbotConfig)`.
 */
export class UserbotConfig extends BotConfig {
  /** The account's phone number (PHONE), international format. */
  @Matches(/^\+\d{7,15}$/, { message: 'PHONE must be the number with its country code, e.g. +15550001234' })
  phone!: string;

  /** The SQLite file keeping the login (SESSION_FILE). */
  @IsString()
  @MinLength(1)
  sessionFile = 'userbot.session';

  /** A userbot's commands are its own account's messages: hand them to the handlers (bots leave them out). */
  override handleOutgoing = true;
}

/** The config from the environment and `.env`; throws a ConfigError naming each bad field and its fix. */
export function loadConfig(env = readEnv()): UserbotConfig {
  const config = new UserbotConfig();
  Object.assign(config, {
    apiId: numberOf(env.API_ID),
    apiHash: env.API_HASH,
    phone: env.PHONE?.replace(/[\s()-]/g, ''),
    ...(env.SESSION_FILE ? { sessionFile: env.SESSION_FILE } : {}),
  });
  return validateConfig(config, UserbotConfig);
}
