import 'reflect-metadata';
import { createInterface } from 'node:readline/promises';
import { Client, SqliteSessionStore } from 'layer';
import { LayerBot } from 'layer/framework';
import { app } from './app.js';
import { loadConfig } from './app.config.js';
import { logIn } from './login.js';
import { telegramServers as telegram } from 'layer';

try {
  const config = loadConfig();
  const session = await SqliteSessionStore.open(config.sessionFile);

  // The first start logs in (code, then 2FA password, typed here); later starts resume the session.
  const login = new Client({ ...telegram, apiId: config.apiId, apiHash: config.apiHash, session });
  await login.connect();
  if (!login.self) {
    const terminal = createInterface({ input: process.stdin, output: process.stdout });
    const me = await logIn(login, config.phone, {
      code: () => terminal.question(`The code Telegram sent to ${config.phone}: `),
      password: () => terminal.question('Your 2FA password: '),
      retry: (problem) => console.log(problem),
    });
    terminal.close();
    console.log(`Logged in as ${me.firstName}.`);
  }
  await login.close();

  const bot = LayerBot.create({ config, ...app, client: { ...telegram, session } });
  await bot.start();
  const stop = () =>
    void bot
      .stop()
      .then(() => session.close())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  // A ConfigError lists each bad setting and how to fix it.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
