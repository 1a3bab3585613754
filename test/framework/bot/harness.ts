/** A LayerBot on the emulator for a test, stopped after it; users logged in through the wire. */
import { useEmulator } from '../../protocol/client/harness.js';
import { loginUser, waitFor } from '../../protocol/client/methods/accounts.js';
import { LayerBot, silentLogger, type LayerBotOptions, type Logger } from '../../../src/framework/bot/index.js';
import type { BotConfig } from '../../../src/framework/config/index.js';

let counter = 0;

export interface StartedBot {
  bot: LayerBot;
  id: bigint;
  username: string;
}

export function useBot() {
  const h = useEmulator();
  const bots: LayerBot[] = [];
  const harness = {
    h,
    /** Creates a bot account, and a LayerBot for it, started. */
    async bot(options: Omit<LayerBotOptions, 'config'> & { config?: Partial<BotConfig> & Record<string, unknown>; configClass?: new () => BotConfig; logger?: Logger } = {}): Promise<StartedBot> {
      const username = `fw${process.pid % 1000}_${++counter}_bot`;
      const { userId, token } = h.emulator.createBot({ username, dcId: 1 });
      const base = { apiId: 1, apiHash: 'emulator', botToken: token, ...options.config };
      const config = options.configClass ? Object.assign(new options.configClass(), base) : base;
      const bot = LayerBot.create({
        ...options,
        config,
        client: { ...h.emulator.clientOptions(), dcId: 1, reconnectDelay: { initial: 20, max: 200 }, ...options.client },
        logger: options.logger ?? silentLogger,
      });
      bots.push(bot);
      await bot.start();
      return { bot, id: userId, username };
    },
    /** A user logged in as a real client, with its updates collected. */
    user: (name: string) => loginUser(h, name),
    /** A user account that never logs in: the emulator's knobs act for it. */
    ghost(name: string): bigint {
      const phone = `+4478${String(process.pid % 1000).padStart(3, '0')}${String(++counter).padStart(5, '0')}`;
      return h.emulator.createUser({ phone, firstName: name, dcId: 1 }).userId;
    },
  };
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.stop({ timeoutMs: 200 })));
  });
  return harness;
}

export { waitFor };

/** Waits (briefly, on real time) until `check` holds. */
export async function until(check: () => boolean, what: string, tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A promise with its resolve, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
