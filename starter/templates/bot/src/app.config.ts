import { IsNumberString, IsString, Length } from 'class-validator';
import { BotConfig, validateConfig } from 'layer/framework';
import { numberOf, readEnv } from './env.js';

/**
 * The bot's settings: BotConfig's (apiId, apiHash, botToken, limits) and
 * this bot's own, each checked by its class-validator rules when the bot is
 * created. Inject it anywhere by its class: `constructor(config: AppConfig)`.
 */
export class AppConfig extends BotConfig {
  /** How the bot greets (GREETING). */
  @IsString()
  @Length(1, 64)
  greeting = 'Hello';

  /** User ids that may use /stats (ADMIN_IDS, comma-separated). */
  @IsNumberString({ no_symbols: true }, { each: true, message: 'ADMIN_IDS holds user ids (digits), comma-separated' })
  adminIds: string[] = [];
}

/** The config from the environment and `.env`; throws a ConfigError naming each bad field and its fix. */
export function loadConfig(env = readEnv()): AppConfig {
  const config = new AppConfig();
  Object.assign(config, {
    apiId: numberOf(env.API_ID),
    apiHash: env.API_HASH,
    botToken: env.BOT_TOKEN || undefined,
    ...(env.GREETING ? { greeting: env.GREETING } : {}),
    adminIds: (env.ADMIN_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean),
  });
  return validateConfig(config, AppConfig);
}
