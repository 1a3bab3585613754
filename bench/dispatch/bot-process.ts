/**
 * The child process of bench/dispatch: starts one library's echo bot against
 * the emulator the parent runs, says `ready` (or `failed` with the reason),
 * and on `stop` reports its CPU time, stops the bot and exits. The parent
 * names the library in argv[2] and sends the Target over IPC.
 */
import type { RunningBot, StartBot, Target } from './target.js';

export type Library = 'layer' | 'layer-bare' | 'gramjs' | 'mtcute' | 'mtcute-dispatcher';

export type ChildMessage = { kind: 'ready' } | { kind: 'failed'; reason: string } | { kind: 'cpu'; micros: number };
export type ParentMessage = { kind: 'start'; target: Target } | { kind: 'cpu' } | { kind: 'stop' };

async function starter(library: Library): Promise<StartBot> {
  switch (library) {
    case 'layer':
      return (await import('./layer.js')).startLayerBot;
    case 'layer-bare':
      return (await import('./layer.js')).startBareLayerBot;
    case 'gramjs':
      return (await import('./gramjs.js')).startGramBot;
    case 'mtcute':
      return (await import('./mtcute.js')).startMtcuteBot;
    case 'mtcute-dispatcher': {
      const { startMtcuteBot } = await import('./mtcute.js');
      return (target) => startMtcuteBot(target, { dispatcher: true });
    }
  }
}

const send = (message: ChildMessage) => process.send?.(message);
const reason = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0];

let bot: RunningBot | undefined;
// A peer's stray rejection is reported, not a crash: the parent decides what the row says.
process.on('unhandledRejection', (e) => {
  if (!bot) send({ kind: 'failed', reason: reason(e) });
});

process.on('message', async (message: ParentMessage) => {
  if (message.kind === 'start') {
    try {
      bot = await (await starter(process.argv[2] as Library))(message.target);
      send({ kind: 'ready' });
    } catch (e) {
      send({ kind: 'failed', reason: reason(e) });
    }
  } else if (message.kind === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ kind: 'cpu', micros: user + system });
  } else {
    await Promise.race([bot?.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
    process.exit(0);
  }
});
