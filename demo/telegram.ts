/**
 * With credentials: the same bot on real Telegram, its session in a SQLite
 * file so the next start skips the login. A bot logs in with BOT_TOKEN; a
 * user account (no BOT_TOKEN) with its phone, the code Telegram sends and,
 * if set, the 2FA password, asked for here.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Client, PasswordNeededError, SignUpRequiredError, telegramServers } from '../src/protocol/index.js';
import { LayerBot } from '../src/framework/bot/index.js';
import { DemoHandler, VoteTally } from './demo.handler.js';
import type { Mode } from './env.js';
import { PROGRESS, quarterlyBars } from './progress.js';

type TelegramMode = Extract<Mode, { kind: 'telegram' }>;

/** Logs a user in on the session file, asking for what Telegram asks. */
async function phoneLogin(mode: TelegramMode, session: string, print: (line: string) => void): Promise<void> {
  const client = new Client({ ...telegramServers, apiId: mode.apiId, apiHash: mode.apiHash, session });
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    await client.connect();
    if (client.self) return; // the session is logged in already
    const phone = mode.phone ?? (await prompt.question('Phone number (international format, e.g. +44 7700 900123): '));
    const sent = await client.sendCode(phone.trim());
    const code = await prompt.question('The code Telegram sent you: ');
    let me;
    try {
      me = await client.signIn(sent, code.trim());
    } catch (error) {
      if (!(error instanceof PasswordNeededError)) throw error;
      me = await client.checkPassword(await prompt.question('Two-step verification password: '));
    }
    print(`Logged in as ${me.firstName ?? ''} (id ${me.id}).`);
  } catch (error) {
    if (error instanceof SignUpRequiredError) throw new Error('this number has no Telegram account yet: sign up in a Telegram app first', { cause: error });
    throw error;
  } finally {
    prompt.close();
    await client.close();
  }
}

export async function runOnTelegram(mode: TelegramMode, print: (line: string) => void = console.log): Promise<void> {
  const session = resolve(mode.session);
  print(`Session kept in ${session} (SQLite: auth keys, DC, update state, peers). Delete it to log in again.`);
  if (!mode.botToken) await phoneLogin(mode, session, print);
  const bot = LayerBot.create({
    config: { apiId: mode.apiId, apiHash: mode.apiHash, botToken: mode.botToken },
    handlers: [DemoHandler],
    providers: [VoteTally, { provide: PROGRESS, useValue: quarterlyBars((line) => print(`uploading ${line}`)) }],
    client: { ...telegramServers, session },
  });
  await bot.start();
  const me = bot.client.self;
  print(`Running on Telegram as ${me?.username ? `@${me.username}` : me?.firstName}: send it /start, /vote or /file, or type its username in any chat. Ctrl+C stops it.`);
  await new Promise<void>((done) => process.once('SIGINT', done));
  print('Stopping (handlers in flight finish; the session is saved)...');
  await bot.stop();
}
