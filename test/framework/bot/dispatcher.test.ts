import { expect } from 'chai';
import { Dispatcher, HandlerRun } from '../../../src/framework/bot/index.js';
import { BotStoppedError, HandlerTimeoutError } from '../../../src/framework/errors.js';
import type { AnyEvent } from '../../../src/framework/events/index.js';
import { gate, until } from './harness.js';

/** Enough of an event for the dispatcher: its kind and the lane it is ordered in. */
const event = (name: string, orderKey: bigint) => ({ kind: 'Raw', orderKey, name }) as unknown as AnyEvent & { name: string };
const nameOf = (e: AnyEvent) => (e as unknown as { name: string }).name;

describe('framework/bot/Dispatcher: one timer for every handler timeout', () => {
  it('aborts each stuck run at its timeout, in start order, never one that finished; its chat moves on', async () => {
    const aborted: string[] = [];
    const finished: string[] = [];
    const signals = new Map<string, AbortSignal>();
    const quick = gate();
    const dispatcher = new Dispatcher({
      concurrency: 8,
      timeoutMs: 40,
      highWaterMark: 100,
      onBackpressure: () => undefined,
      handle: async (e: AnyEvent, run: HandlerRun) => {
        const name = nameOf(e);
        run.onAbort = (reason) => aborted.push(`${name}: ${reason instanceof HandlerTimeoutError}`);
        signals.set(name, run.signal);
        if (name.startsWith('stuck')) await new Promise(() => undefined);
        if (name === 'quick') await quick.promise;
        finished.push(name);
      },
    });
    dispatcher.push(event('stuck 1', 1n));
    dispatcher.push(event('quick', 2n));
    dispatcher.push(event('after stuck 1', 1n));
    await until(() => signals.has('quick'), 'the quick run started');
    quick.open();
    await until(() => finished.includes('quick'), 'the quick run finished');
    dispatcher.push(event('stuck 2', 3n));
    await until(() => finished.includes('after stuck 1') && aborted.length === 2, 'both stuck runs aborted');
    expect(aborted).to.deep.equal(['stuck 1: true', 'stuck 2: true']);
    expect(signals.get('stuck 1')!.reason).to.be.instanceOf(HandlerTimeoutError);
    expect(signals.get('quick')!.aborted).to.equal(false);
    expect(finished).to.deep.equal(['quick', 'after stuck 1']);
    expect(dispatcher.stats).to.include({ pending: 0, running: 0, handled: 4 });
    await dispatcher.stop(100);
  });

  it('stop past its deadline aborts what runs with BotStoppedError and counts what never started', async () => {
    const reasons: unknown[] = [];
    const dispatcher = new Dispatcher({
      concurrency: 1,
      timeoutMs: 30_000,
      highWaterMark: 100,
      onBackpressure: () => undefined,
      handle: async (_e: AnyEvent, run: HandlerRun) => {
        run.signal.addEventListener('abort', () => reasons.push(run.signal.reason));
        await new Promise(() => undefined);
      },
    });
    dispatcher.push(event('a', 1n));
    dispatcher.push(event('b', 2n));
    await until(() => dispatcher.stats.running === 1, 'one running');
    expect(await dispatcher.stop(20)).to.deep.equal({ abandoned: 1, aborted: 1 });
    expect(reasons).to.have.length(1);
    expect(reasons[0]).to.be.instanceOf(BotStoppedError);
  });

  it('a run whose signal nobody reads still times out, and a late reader finds it aborted', async () => {
    let late: HandlerRun | undefined;
    const dispatcher = new Dispatcher({
      concurrency: 4,
      timeoutMs: 20,
      highWaterMark: 100,
      onBackpressure: () => undefined,
      handle: (_e: AnyEvent, run: HandlerRun) => {
        late = run;
        return new Promise(() => undefined);
      },
    });
    dispatcher.push(event('x', 1n));
    await until(() => dispatcher.stats.handled === 1, 'the run given up');
    expect(late!.signal.aborted).to.equal(true);
    expect(late!.signal.reason).to.be.instanceOf(HandlerTimeoutError);
    await dispatcher.stop(100);
  });
});

describe('framework/bot/HandlerRun: the cancellation a context hands the client', () => {
  it('tells the listeners still registered at the abort, once each, and a signal made later is aborted with the reason', () => {
    const run = new HandlerRun(event('x', 1n), 0, () => undefined);
    const heard: string[] = [];
    const first = () => heard.push('first');
    const second = () => heard.push('second');
    const third = () => heard.push('third');
    run.addEventListener('abort', first);
    run.addEventListener('abort', second);
    run.addEventListener('abort', third);
    run.removeEventListener('abort', first);
    run.removeEventListener('abort', third);
    run.addEventListener('abort', first);
    const reason = new HandlerTimeoutError(10, 'Raw');
    run.abort(reason);
    run.abort(new BotStoppedError('again'));
    expect(heard).to.deep.equal(['first', 'second']);
    expect(run.aborted).to.equal(true);
    expect(run.reason).to.equal(reason);
    run.addEventListener('abort', third);
    expect(heard, 'a listener after the abort is not kept').to.deep.equal(['first', 'second']);
    expect(run.signal.aborted).to.equal(true);
    expect(run.signal.reason).to.equal(reason);
  });
});
