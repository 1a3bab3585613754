/**
 * `testBot()`: an emulator, a bot account with a LayerBot running your
 * handlers on it, and users that talk to it through real clients.
 */
import 'reflect-metadata';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { LayerBot } from '../bot/layer-bot.js';
import { silentLogger, type Logger } from '../bot/logger.js';
import { BotConfig } from '../config/config.js';
import type { Middleware } from '../composer/types.js';
import type { Context } from '../context/context.js';
import type { Provider } from '../di/containers.js';
import { FrameworkError, type HandlerError } from '../errors.js';
import type { HandlerClass } from '../scanner/scan.js';
import { createGroup, groupInputPeer, joinGroup, type GroupOptions, type TestGroup } from './test-group.js';
import { TestUser, type TestScene } from './test-user.js';
import { HOME_DC, loggedInClient, unique } from './login.js';

export interface TestBotOptions {
  handlers?: HandlerClass[];
  middleware?: Middleware<Context>[];
  providers?: Provider[];
  /**
   * Your config (a BotConfig subclass instance, or a plain object): apiId,
   * apiHash and botToken are filled in for the emulator.
   */
  config?: BotConfig | (Partial<BotConfig> & Record<string, unknown>);
  /** The bot's username. Default: a fresh `test_<n>_bot`. */
  username?: string;
  /** Share an emulator between tests (stop() leaves it running). Default: a new one, closed by stop(). */
  emulator?: Emulator;
  /** How long expectReply waits unless told. Default 5000 ms. */
  replyTimeoutMs?: number;
  /** The bot's logger. Default: silent (handler errors are collected in `errors` and shown by NoReplyError). */
  logger?: Logger;
}

export interface TestUserOptions {
  firstName?: string;
  lastName?: string;
  username?: string;
  /** Default: a fresh number. */
  phone?: string;
}

/** A running test: see testBot(). */
export class BotTest {
  /** Errors the handlers threw that no @Catch took, in order. */
  readonly errors: HandlerError[] = [];
  private readonly users: TestUser[] = [];
  private readonly names = new Map<bigint, string>();
  private readonly startedAt = Date.now();
  /** What each TestUser needs of this test. */
  protected readonly scene: TestScene;
  private owner: bigint | undefined;
  private stopped = false;

  constructor(
    readonly emulator: Emulator,
    readonly bot: LayerBot,
    readonly botId: bigint,
    readonly username: string,
    private readonly ownsEmulator: boolean,
    private readonly replyTimeoutMs: number,
    /** The function that starts tests like this one (what error messages name). */
    private readonly starter = 'testBot',
  ) {
    this.names.set(botId, `@${username}`);
    this.scene = this.makeScene();
    bot.errors$.subscribe((e) => this.errors.push(e));
  }

  /** A user account, logged in with the code the emulator sent, as a real Client. */
  async user(options: TestUserOptions = {}): Promise<TestUser> {
    this.checkRunning('user()');
    const firstName = options.firstName ?? `User${this.users.length + 1}`;
    const phone = options.phone ?? `+4479${unique()}`;
    const { userId } = this.emulator.createUser({ phone, firstName, lastName: options.lastName, username: options.username, dcId: HOME_DC });
    const client = await loggedInClient(this.emulator, phone);
    this.names.set(userId, firstName);
    return this.adopt(new TestUser(userId, firstName, client, this.scene, phone));
  }

  /** Keeps a user of the test, whose client stop() closes. */
  protected adopt(user: TestUser): TestUser {
    this.users.push(user);
    return user;
  }

  /** A group with the bot (unless `bot: false`) and `members` in it, created by an owner account of the test. */
  group(options: GroupOptions): TestGroup {
    this.checkRunning('group()');
    if (typeof options?.title !== 'string' || !options.title) throw new FrameworkError('group(): give it a title, e.g. t.group({ title: "Club", members: [alice] })');
    if (this.owner === undefined) {
      this.owner = this.emulator.createUser({ phone: `+4478${unique()}`, firstName: 'Owner', dcId: HOME_DC }).userId;
      this.names.set(this.owner, 'Owner');
    }
    return createGroup(this.emulator, this.owner, this.botId, options);
  }

  /** Stops the bot, logs the users out of the test, and closes the emulator if the test started it. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const u of this.users) u.close();
    const outcomes = await Promise.allSettled([this.bot.stop({ timeoutMs: 1000 }), ...this.users.map((u) => u.client.close())]);
    if (this.ownsEmulator) await this.emulator.close();
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  protected checkRunning(what: string): void {
    if (this.stopped) throw new FrameworkError(`${what}: this test has stopped; start another with ${this.starter}()`);
  }

  private makeScene(): TestScene {
    return {
      botId: this.botId,
      botUsername: this.username,
      replyTimeoutMs: this.replyTimeoutMs,
      elapsed: () => Date.now() - this.startedAt,
      nameOf: (id) => this.names.get(id) ?? `user ${id}`,
      handlerErrors: () => this.errors.map((e) => `${e.error instanceof Error ? `${e.error.name}: ${e.error.message}` : String(e.error)}`),
      inputPeerOf: (group, userId) => groupInputPeer(this.emulator, group, userId),
      join: (group, userId, client) => joinGroup(this.emulator, group, userId, client),
    };
  }
}

/**
 * Starts an emulator (or uses `options.emulator`), creates a bot account,
 * and starts a LayerBot with your handlers on it.
 *
 * ```ts
 * const t = await testBot({ handlers: [GreeterHandler] });
 * const alice = await t.user({ firstName: 'Alice' });
 * await alice.send('/start');
 * const reply = await alice.expectReply({ text: /hello/i });
 * await t.stop();
 * ```
 */
export async function testBot(options: TestBotOptions = {}): Promise<BotTest> {
  const emulator = options.emulator ?? (await startEmulator());
  const username = options.username ?? `test_${unique()}_bot`;
  try {
    const { userId, token } = emulator.createBot({ username, dcId: HOME_DC });
    const bot = LayerBot.create({
      config: configFor(options.config, { botToken: token }),
      handlers: options.handlers,
      middleware: options.middleware,
      providers: options.providers,
      client: { ...emulator.clientOptions(), dcId: HOME_DC, reconnectDelay: { initial: 20, max: 200 } },
      logger: options.logger ?? silentLogger,
    });
    const test = new BotTest(emulator, bot, userId, username, !options.emulator, options.replyTimeoutMs ?? 5000);
    await bot.start();
    return test;
  } catch (error) {
    if (!options.emulator) await emulator.close();
    throw error;
  }
}

/**
 * A copy of the test's config with the emulator's credentials filled in (and
 * `fill`): the caller's object stays as it was; a BotConfig subclass keeps its class.
 */
export function configFor(given: TestBotOptions['config'], fill: Partial<BotConfig>): BotConfig {
  const source = given ?? {};
  return Object.assign(Object.create(Object.getPrototypeOf(source)) as object, source, { apiId: 1, apiHash: 'emulator' }, fill) as BotConfig;
}
