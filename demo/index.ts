/**
 * `npm start`. Without credentials: the demo bot on the embedded emulator,
 * with a scripted conversation printed as a transcript. With API_ID and
 * API_HASH (and BOT_TOKEN, or a phone login) in the environment or .env: the
 * same bot on real Telegram.
 */
import { chooseMode, loadEnv } from './env.js';
import { runScripted } from './scripted.js';
import { runOnTelegram } from './telegram.js';

const mode = chooseMode(loadEnv(), 'layer-demo.session');
try {
  if (mode.kind === 'misconfigured') {
    console.error(`layer demo: ${mode.problem}.`);
    process.exitCode = 1;
  } else if (mode.kind === 'emulator') {
    console.log('layer demo: no API_ID / API_HASH / BOT_TOKEN found, so the bot runs on the embedded emulator.\n');
    await runScripted();
  } else {
    await runOnTelegram(mode);
  }
} catch (error) {
  console.error('layer demo failed:', error);
  process.exitCode = 1;
}
