/**
 * The parent's handle on a bot's child process (bot-process.ts): fork it,
 * wait for `ready` (or the reason it failed, or its death, or a timeout),
 * read its CPU time, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Library, ParentMessage } from './bot-process.js';
import type { Target } from './target.js';

const SCRIPT = fileURLToPath(new URL('./bot-process.js', import.meta.url));

export class BotProcess {
  private readonly child: ChildProcess;
  private stderr = '';
  private exited = false;

  private constructor(library: Library) {
    // BENCH_DISPATCH_PROFILE=dir writes each bot's CPU profile there (node --cpu-prof);
    // BENCH_DISPATCH_NODE_FLAGS="--trace-gc" runs each bot with those flags, its output on this stdout.
    const profile = process.env.BENCH_DISPATCH_PROFILE;
    const flags = process.env.BENCH_DISPATCH_NODE_FLAGS?.split(' ');
    const execArgv = [...(flags ?? []), ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, `--cpu-prof-name=${library}.cpuprofile`] : [])];
    this.child = fork(SCRIPT, [library], { stdio: ['ignore', flags ? 'inherit' : 'ignore', 'pipe', 'ipc'], execArgv });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    this.child.on('exit', () => (this.exited = true));
  }

  /** Forks the child and starts its bot; rejects with the reason it could not. */
  static async start(library: Library, target: Target, timeoutMs: number): Promise<BotProcess> {
    const bot = new BotProcess(library);
    try {
      await bot.ask({ kind: 'start', target }, ['ready'], timeoutMs);
      return bot;
    } catch (e) {
      await bot.stop();
      throw e;
    }
  }

  /** The child's CPU time so far (user + system), microseconds. */
  async cpuMicros(): Promise<number> {
    const answer = await this.ask({ kind: 'cpu' }, ['cpu'], 5000);
    return answer.kind === 'cpu' ? answer.micros : NaN;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ kind: 'stop' } satisfies ParentMessage, () => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  private ask(message: ParentMessage, answers: ChildMessage['kind'][], timeoutMs: number): Promise<ChildMessage> {
    return new Promise((resolve, reject) => {
      const done = (error: Error | undefined, answer?: ChildMessage) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolve(answer!);
      };
      const onMessage = (m: ChildMessage) => {
        if (m.kind === 'failed') done(new Error(m.reason));
        else if (answers.includes(m.kind)) done(undefined, m);
      };
      const onExit = (code: number | null) => done(new Error(`the bot process exited (${code}): ${this.stderr.trim().split('\n').pop() ?? ''}`));
      const timer = setTimeout(() => done(new Error(`no answer to ${message.kind} within ${timeoutMs / 1000} s`)), timeoutMs);
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
      this.child.send(message, (e) => e && done(e));
    });
  }
}
