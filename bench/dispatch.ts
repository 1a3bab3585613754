/**
 * Dispatch benchmark: an echo bot on the emulator, over loopback. N users
 * each keep one message to the bot in flight (the next goes when the reply
 * to the last is posted: see dispatch/load.ts); the bot answers each with a
 * reply quoting it. Measured: replies per second (= updates handled per
 * second) and the p50 / p99 latency from a user's message being posted in
 * the emulator to the bot's reply being posted there; each the median of 5
 * one-second rounds after a one-second warm-up, the bots taking turns round
 * by round. The note also gives the CPU time per update of the bot's process
 * (which does not depend on how fast the emulator is) and of the emulator's.
 *
 * Two loads, as many chats at once:
 * - 64 users: a closed loop this small is bound by the round trip, not by
 *   anyone's CPU; a fast bot and the emulator both sit partly idle, waiting
 *   for each other's batch (updates/s = 64 / the mean reply time);
 * - 256 users: enough messages in flight that every bot runs at what its
 *   process can do, the throughput figure (issue 6's target is read here).
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

/** Chats at once, one case each; BENCH_DISPATCH_USERS=64 runs one. */
const LOADS = process.env.BENCH_DISPATCH_USERS?.split(',').map(Number) ?? [64, 256];
const DC = 2;
const WARMUP_MS = 1000;
const ROUNDS = 5;
const ROUND_MS = 1000;
/** Before each measured window: the loop fills up again after the last drain. */
const SETTLE_MS = 200;
const START_TIMEOUT_MS = 20_000;
/** Messages each box of the emulator keeps (its steady state under this load; Telegram keeps all, a bench need not). */
const HISTORY_KEPT = 10_000;
const caseOf = (users: number) => `echo bot, ${users} users (updates/s)`;

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
  /** The bot's account. */
  bot?: bigint;
  failed?: string;
}

/** One bot under one load. */
interface Run {
  contender: Contender;
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
  // Millions of messages pass; kept forever, they would make every later round pay the emulator's growing GC.
  emulator.updates.historyLimit = HISTORY_KEPT;
  const contenders: Contender[] = [];
  const rows: BenchRow[] = [];
  try {
    const users = Array.from({ length: Math.max(...LOADS) }, (_, i) => emulator.createUser({ phone: `+1555${String(i).padStart(6, '0')}`, firstName: `User ${i}`, dcId: DC }).userId);
    // BENCH_DISPATCH=gramjs,mtcute runs only those bots (names as in BOTS).
    const only = process.env.BENCH_DISPATCH?.split(',');
    for (const [i, [library, name]] of BOTS.entries()) {
      if (only && !only.includes(library)) continue;
      const contender: Contender = { name };
      contenders.push(contender);
      try {
        await startBot(emulator, library, i, contender);
      } catch (e) {
        contender.failed = reasonOf(e);
      }
    }
    for (const count of LOADS) {
      const runs: Run[] = contenders.map((contender) => ({ contender, windows: [], botCpu: 0, emulatorCpu: 0, failed: contender.failed }));
      try {
        for (const run of runs) await attempt(run, () => startLoad(emulator, run, users.slice(0, count)));
        // Round-robin: round r of every bot before round r + 1 of any, so a slow
        // spell of the machine falls on all of them, not on one.
        for (let round = 0; round <= ROUNDS; round++) {
          for (const run of runs) await attempt(run, () => measure(run, round === 0 ? WARMUP_MS : ROUND_MS, round > 0));
        }
      } finally {
        for (const run of runs) run.load?.close();
      }
      rows.push(...runs.map((run) => rowOf(run, caseOf(count))));
    }
    return rows;
  } finally {
    for (const c of contenders) await c.child?.stop();
    await emulator.close();
  }
}

async function attempt(run: Run, step: () => Promise<void>): Promise<void> {
  if (run.failed) return;
  try {
    await step();
  } catch (e) {
    run.failed = reasonOf(e);
  }
}

async function startBot(emulator: Emulator, library: Library, index: number, c: Contender): Promise<void> {
  const bot = emulator.createBot({ username: `dispatch${index}_bench_bot`, dcId: DC });
  const target: Target = { dcs: emulator.dcs, publicKeyPem: emulator.publicKeyPem, fingerprint: emulator.fingerprint.toString(), dcId: DC, token: bot.token };
  c.bot = bot.userId;
  c.child = await BotProcess.start(library, target, START_TIMEOUT_MS);
}

async function startLoad(emulator: Emulator, run: Run, users: bigint[]): Promise<void> {
  run.load = new EchoLoad(emulator, run.contender.bot!, users);
  await run.load.probe(START_TIMEOUT_MS);
}

/** One window of load on one bot: fill the loop, count for `ms`, drain. */
async function measure(run: Run, ms: number, keep: boolean): Promise<void> {
  const load = run.load!;
  const child = run.contender.child!;
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
  run.windows.push(w);
  run.botCpu += botCpu;
  run.emulatorCpu += emulatorCpu;
}

/** Lines for under the table: how the peers were connected, and layer against the faster peer at each load. */
export function dispatchSummary(rows: BenchRow[]): string[] {
  const lines = [
    'The emulator serves TL layer 224 only: GramJS (layer 198) runs with its api.tl swapped for 224 (bench/dispatch/gramjs-layer.ts),',
    'mtcute (227) with reader/writer maps that add @mtcute/tl 223 where 227 changed an id (bench/dispatch/mtcute-layer.ts).',
    'Each library on its default transport (layer intermediate, GramJS full, mtcute intermediate); the emulator in this process, each bot in a child.',
    'mtcute is @mtcute/dispatcher 0.27.9 (built for core 0.27) on @mtcute/core 0.30.3; mtcute core is the client\'s own onNewMessage.',
  ];
  for (const c of new Set(rows.map((r) => r.case))) {
    const ops = (name: string) => rows.find((r) => r.case === c && r.library === name)?.opsPerSec ?? NaN;
    const peer = Math.max(...['GramJS', 'mtcute', 'mtcute core'].map(ops).filter((x) => !Number.isNaN(x)));
    if (Number.isFinite(peer) && !Number.isNaN(ops('layer'))) lines.push(`${c}: layer (LayerBot) / the faster peer: ${(ops('layer') / peer).toFixed(2)}x (issue 6 target: 3x, read at the highest load)`);
  }
  return lines;
}

function rowOf(c: Run, name: string): BenchRow {
  const library = c.contender.name;
  if (c.failed || c.windows.length === 0) return { library, case: name, opsPerSec: NaN, note: `failed: ${c.failed ?? 'no round measured'}` };
  const replies = c.windows.reduce((n, w) => n + w.replies, 0);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const perUpdate = (micros: number) => Math.round(micros / replies);
  return {
    library,
    case: name,
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
