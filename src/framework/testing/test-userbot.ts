/**
 * `testUserbot()`: a user account with a LayerBot logged in as it (handling
 * the account's own messages), the same account on a second session for the
 * test to type from (`t.self`, "another device"), and other users.
 */
import 'reflect-metadata';
import { MemorySessionStore } from '../../protocol/storage/index.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { LayerBot } from '../bot/layer-bot.js';
import { silentLogger } from '../bot/logger.js';
import { BotTest, configFor, type TestBotOptions } from './test-bot.js';
import { TestUser } from './test-user.js';
import { HOME_DC, loggedInClient, unique, type LoginFlow } from './login.js';

export interface TestUserbotOptions extends Omit<TestBotOptions, 'username'> {
  /** The account's name. Default 'Owner'. */
  firstName?: string;
  /** Its username (how test users find it). Default: a fresh `userbot_<n>`. */
  username?: string;
  /** Its phone. Default: a fresh number. */
  phone?: string;
  /** A 2FA password on the account: the login asks for it after the code. */
  password?: string;
  /**
   * How the userbot's session logs in (each step answered by the test): your
   * app's own login, e.g. `(client, s) => logIn(client, s.phone, s)`. Default:
   * the code, then the password when the account has one.
   */
  login?: LoginFlow;
}

/** A running userbot test: see testUserbot(). `botId`/`username` are the userbot's account. */
export class UserbotTest extends BotTest {
  /**
   * The userbot's own account, on another session (its own auth key): what it
   * sends, the userbot's handlers see as outgoing, as when the owner types on
   * their phone. Its default chat is Saved Messages (`'me'`); expectReply
   * hands out the account's messages it did not send itself.
   */
  get self(): TestUser {
    if (!this.selfUser) throw new Error('t.self exists once testUserbot() has resolved');
    return this.selfUser;
  }

  private selfUser: TestUser | undefined;

  /** Logs the account in on a second session: t.self (testUserbot does it). @internal */
  async attachSelf(phone: string, firstName: string, options: { password?: string; login?: LoginFlow }): Promise<void> {
    this.checkRunning('attachSelf()');
    const client = await loggedInClient(this.emulator, phone, options);
    this.selfUser = this.adopt(new TestUser(this.botId, firstName, client, this.scene, phone));
  }
}

/**
 * Starts an emulator (or uses `options.emulator`), creates a user account,
 * logs a session in to it with the code the emulator sent (and its 2FA
 * password), and starts a LayerBot with your handlers on that session, with
 * `handleOutgoing: true` unless your config says otherwise.
 *
 * ```ts
 * const t = await testUserbot({ handlers: [NotesHandler], providers: [NotesService] });
 * await t.self.send('me', '.ping');                       // typed in Saved Messages
 * await t.self.expectEdit({ in: 'me', text: 'pong' });    // the userbot edited it
 * await t.stop();
 * ```
 */
export async function testUserbot(options: TestUserbotOptions = {}): Promise<UserbotTest> {
  const emulator: Emulator = options.emulator ?? (await startEmulator());
  let test: UserbotTest | undefined;
  try {
    const phone = options.phone ?? `+4477${unique()}`;
    const username = options.username ?? `userbot_${unique()}`;
    const firstName = options.firstName ?? 'Owner';
    const { userId } = emulator.createUser({ phone, firstName, username, password: options.password, dcId: HOME_DC });
    // The login the app does once (main.ts), into the session the userbot then resumes.
    const session = new MemorySessionStore();
    const login = { password: options.password, login: options.login };
    await (await loggedInClient(emulator, phone, { ...login, session })).close();
    const config = configFor(options.config, {});
    config.handleOutgoing ??= true;
    const bot = LayerBot.create({
      config,
      handlers: options.handlers,
      middleware: options.middleware,
      providers: options.providers,
      client: { ...emulator.clientOptions(), dcId: HOME_DC, session, reconnectDelay: { initial: 20, max: 200 } },
      logger: options.logger ?? silentLogger,
    });
    test = new UserbotTest(emulator, bot, userId, username, !options.emulator, options.replyTimeoutMs ?? 5000, 'testUserbot');
    await bot.start();
    await test.attachSelf(phone, firstName, login);
    return test;
  } catch (error) {
    if (test) await test.stop().catch(() => undefined);
    else if (!options.emulator) await emulator.close();
    throw error;
  }
}
