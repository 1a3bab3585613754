/**
 * Dispatch benchmark: an echo bot on the emulator, over loopback. 64 users
 * each keep one message to the bot in flight (the next goes when the reply
 * to the last is posted: see dispatch/load.ts); the bot answers each with a
 * reply quoting it. Measured: replies per second (= updates handled per
 * second) and the p50 / p99 latency from a user's message being posted in
 * the emulator to the bot's reply being posted there; each the median of 5
 * one-second rounds after a one-second warm-up, the bots taking turns round
 * by round. The note also gives the CPU time per update of the bot's process
 * (which does not depend on how fast the emulator is) and of the emulator's
 * (near 1e6 / updates/s, the emulator's core is what limits the rate).
 *
 * The same bot, written with each library's own way of handling updates:
 * - layer: a decorated handler class (@OnNewMessage, ctx.reply) run by LayerBot;
 * - layer updates$: the bare client.updates$ and client.sendMessage (what
 *   the framework adds on top is the difference between these two rows);
 * - GramJS: addEventHandler(handler, new NewMessage({})) and message.reply;
 * - mtcute: @mtcute/dispatcher's Dispatcher.onNewMessage and msg.replyText
 *   on @mtcute/core's TelegramClient;
 * - mtcute core: the client's own onNewMessage emitter and client.replyText.
 *
 * The emulator (and the load) runs in this process; each bot runs in a child
 * process, so the bot and the emulator each have a core of their own and no
 * library shares its event loop with the server. Each bot gets a fresh bot
 * account; the users are the same. A bot that fails to start or stops
 * answering gives a row marked failed with the reason, not a crash.
 */
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import type { BenchRow } from './harness.js';
import { BotProcess } from './dispatch/child.js';
import { EchoLoad, type Window } from './dispatch/load.js';
import type { Library } from './dispatch/bot-process.js';
import type { Target } from './dispatch/target.js';

const USERS = 64;
const DC = 2;
const WARMUP_MS = 1000;
const ROUNDS = 5;
const ROUND_MS = 1000;
/** Before each measured window: the loop fills up again after the last drain. */
const SETTLE_MS = 200;
const START_TIMEOUT_MS = 20_000;
const CASE = `echo bot, ${USERS} users (updates/s)`;

const BOTS: [Library, string][] = [
  ['layer', 'layer'],
  ['layer-bare', 'layer updates$'],
  ['gramjs', 'GramJS'],
  ['mtcute-dispatcher', 'mtcute'],
  ['mtcute', 'mtcute core'],
];

interface Contender {
  name: string;
  child?: BotProcess;
  load?: EchoLoad;
  windows: Window[];
  botCpu: number;
  emulatorCpu: number;
  failed?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];
const cpuMicros = (u: NodeJS.CpuUsage) => u.user + u.system;

export async function benchDispatch(): Promise<BenchRow[]> {
  const emulator = await startEmulator();
  const contenders: Contender[] = [];
  try {
    const users = Array.from({ length: USERS }, (_, i) => emulator.createUser({ phone: `+1555${String(i).padStart(6, '0')}`, firstName: `User ${i}`, dcId: DC }).userId);
    // BENCH_DISPATCH=gramjs,mtcute runs only those bots (names as in BOTS).
    const only = process.env.BENCH_DISPATCH?.split(',');
    for (const [i, [library, name]] of BOTS.entries()) {
      if (only && !only.includes(library)) continue;
      const contender: Contender = { name, windows: [], botCpu: 0, emulatorCpu: 0 };
      contenders.push(contender);
      await attempt(contender, () => startBot(emulator, users, library, i, contender));
    }
    // Round-robin: round r of every bot before round r + 1 of any, so a slow
    // spell of the machine falls on all of them, not on one.
    for (let round = 0; round <= ROUNDS; round++) {
      for (const c of contenders) await attempt(c, () => measure(c, round === 0 ? WARMUP_MS : ROUND_MS, round > 0));
    }
    return contenders.map(rowOf);
  } finally {
    for (const c of contenders) {
      c.load?.close();
      await c.child?.stop();
    }
    await emulator.close();
  }
}

async function attempt(c: Contender, step: () => Promise<void>): Promise<void> {
  if (c.failed) return;
  try {
    await step();
  } catch (e) {
    c.failed = reasonOf(e);
  }
}

async function startBot(emulator: Emulator, users: bigint[], library: Library, index: number, c: Contender): Promise<void> {
  const bot = emulator.createBot({ username: `dispatch${index}_bench_bot`, dcId: DC });
  const target: Target = { dcs: emulator.dcs, publicKeyPem: emulator.publicKeyPem, fingerprint: emulator.fingerprint.toString(), dcId: DC, token: bot.token };
  c.child = await BotProcess.start(library, target, START_TIMEOUT_MS);
  c.load = new EchoLoad(emulator, bot.userId, users);
  await c.load.probe(START_TIMEOUT_MS);
}

/** One window of load on one bot: fill the loop, count for `ms`, drain. */
async function measure(c: Contender, ms: number, keep: boolean): Promise<void> {
  const load = c.load!;
  const child = c.child!;
  load.start();
  await sleep(SETTLE_MS);
  const botBefore = await child.cpuMicros();
  const emulatorBefore = process.cpuUsage();
  load.mark();
  await sleep(ms);
  const w = load.window();
  const emulatorCpu = cpuMicros(process.cpuUsage(emulatorBefore));
  const botCpu = (await child.cpuMicros()) - botBefore;
  await load.drain(2000);
  if (w.replies === 0) throw new Error(keep ? 'stalled: no reply in a round' : `no reply within ${ms} ms of warm-up`);
  if (!keep) return;
  c.windows.push(w);
  c.botCpu += botCpu;
  c.emulatorCpu += emulatorCpu;
}

/** Lines for under the table: how the peers were connected, and layer against the faster peer. */
export function dispatchSummary(rows: BenchRow[]): string[] {
  const ops = (name: string) => rows.find((r) => r.library === name)?.opsPerSec ?? NaN;
  const peer = Math.max(...['GramJS', 'mtcute', 'mtcute core'].map(ops).filter((x) => !Number.isNaN(x)));
  const lines = [
    'The emulator serves TL layer 224 only: GramJS (layer 198) runs with its api.tl swapped for 224 (bench/dispatch/gramjs-layer.ts),',
    'mtcute (227) with reader/writer maps that add @mtcute/tl 223 where 227 changed an id (bench/dispatch/mtcute-layer.ts).',
    'Each library on its default transport (layer intermediate, GramJS full, mtcute intermediate); the emulator in this process, each bot in a child.',
    'mtcute is @mtcute/dispatcher 0.27.9 (built for core 0.27) on @mtcute/core 0.30.3; mtcute core is the client\'s own onNewMessage.',
  ];
  if (Number.isFinite(peer) && !Number.isNaN(ops('layer'))) lines.push(`layer (LayerBot) / the faster peer: ${(ops('layer') / peer).toFixed(2)}x updates/s (issue 6 target: 3x)`);
  return lines;
}

function rowOf(c: Contender): BenchRow {
  if (c.failed || c.windows.length === 0) return { library: c.name, case: CASE, opsPerSec: NaN, note: `failed: ${c.failed ?? 'no round measured'}` };
  const replies = c.windows.reduce((n, w) => n + w.replies, 0);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const perUpdate = (micros: number) => Math.round(micros / replies);
  return {
    library: c.name,
    case: CASE,
    opsPerSec: median(c.windows.map((w) => w.perSec)),
    note: `p50 ${ms(median(c.windows.map((w) => w.p50)))}, p99 ${ms(median(c.windows.map((w) => w.p99)))}; CPU µs/update: bot ${perUpdate(c.botCpu)}, emulator ${perUpdate(c.emulatorCpu)}`,
  };
}

// `node dist/bench/dispatch.js` runs this bench alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./harness.js');
  const rows = await benchDispatch();
  printTable(rows);
  for (const line of dispatchSummary(rows)) console.log(line);
}
