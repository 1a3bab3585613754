import 'reflect-metadata';
import { LayerBot } from 'layer/framework';
import { app } from './app.js';
import { loadConfig } from './app.config.js';
import { telegramServers as telegram } from 'layer';

try {
  const bot = LayerBot.create({
    config: loadConfig(),
    ...app,
    // The session file keeps the login and the update state across restarts.
    client: { ...telegram, session: 'bot.session' },
  });
  await bot.start();
  const stop = () => void bot.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  // A ConfigError lists each bad setting and how to fix it.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
