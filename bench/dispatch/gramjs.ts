/**
 * GramJS's echo bot: `client.addEventHandler(handler, new NewMessage({}))`
 * and `message.reply`, on GramJS's default transport (TCP full), connected
 * to the emulator with the interop test's helper (custom DC, RSA key), its
 * schema moved to the emulator's layer (gramjs-layer.ts).
 */
import { createRequire } from 'node:module';
import type { NewMessageEvent } from 'telegram/events/index.js';
import type { Emulator } from '../../src/emulator/index.js';
// First: GramJS loads its schema when first required (see gramjs-layer.ts).
import './gramjs-layer.js';
import { gramClient, trustEmulatorKey } from '../../test/interop/gramjs.js';
import { emulatorLike, type RunningBot, type Target } from './target.js';

const require = createRequire(import.meta.url);
const { NewMessage } = require('telegram/events') as typeof import('telegram/events/index.js');

export async function startGramBot(target: Target): Promise<RunningBot> {
  const emulator = emulatorLike(target) as unknown as Emulator;
  trustEmulatorKey(emulator);
  const { client } = gramClient(emulator, 'full', target.dcId);
  await client.start({ botAuthToken: target.token });
  client.addEventHandler(async (event: NewMessageEvent) => {
    const message = event.message;
    if (message.out) return;
    await message.reply({ message: message.message });
  }, new NewMessage({}));
  return { stop: () => client.destroy() };
}
