export { BotConfig, validateConfig } from './config.js';
