/** The built-in middleware on plain contexts of the shape they need, with injected clocks. */
import { expect } from 'chai';
import { chatState, logging, rateLimit, type MiddlewareFn, type UpdateLike } from '../../../src/framework/middleware/index.js';
import { MemoryStateStore, StateValueError } from '../../../src/protocol/storage/index.js';

interface Ctx extends UpdateLike {
  state?: Record<string, unknown>;
}

const ctx = (chatId?: bigint, senderId?: bigint, kind = 'NewMessage'): Ctx => ({ chatId, senderId, event: { kind } });

/** Runs `mw` with `handler` as the rest of the chain; answers whether the handler ran. */
async function run<C>(mw: MiddlewareFn<C>, c: C, handler: (c: C) => unknown = () => {}): Promise<boolean> {
  let ran = false;
  await mw(c, async () => {
    ran = true;
    await handler(c);
  });
  return ran;
}

describe('logging', () => {
  it('logs one line per update with kind, chat, sender, duration and outcome', async () => {
    const lines: string[] = [];
    let clock = 100;
    const mw = logging<Ctx>({ log: (l) => lines.push(l), now: () => clock });
    await run(mw, ctx(-1001234n, 42n), () => void (clock += 7));
    await run(mw, ctx(undefined, undefined, 'UserStatus'));
    const failure = new RangeError('boom');
    const thrown = await run(mw, ctx(5n, 5n, 'CallbackQuery'), () => {
      clock += 12;
      throw failure;
    }).catch((e: unknown) => e);
    expect(thrown).to.equal(failure);
    expect(lines).to.deep.equal(['NewMessage chat=-1001234 from=42 7ms ok', 'UserStatus 0ms ok', 'CallbackQuery chat=5 from=5 12ms error RangeError: boom']);
  });
});

describe('rateLimit', () => {
  it('lets a burst of `limit` through, then one per windowMs/limit, per user', async () => {
    let clock = 0;
    const limited: Ctx[] = [];
    const mw = rateLimit<Ctx>({ per: 'user', limit: 3, windowMs: 3000, now: () => clock, onLimited: (c) => void limited.push(c) });
    const pass = async (sender: bigint) => run(mw, ctx(1n, sender));
    expect([await pass(1n), await pass(1n), await pass(1n), await pass(1n)]).to.deep.equal([true, true, true, false]);
    expect(limited).to.have.length(1);
    expect(await pass(2n)).to.equal(true); // another user has a bucket of their own
    clock += 999;
    expect(await pass(1n)).to.equal(false);
    clock += 1;
    expect(await pass(1n)).to.equal(true);
    expect(await pass(1n)).to.equal(false);
    clock += 10_000;
    expect([await pass(1n), await pass(1n), await pass(1n), await pass(1n)]).to.deep.equal([true, true, true, false]);
  });

  it('counts per chat when asked, and lets updates without the key through', async () => {
    const mw = rateLimit<Ctx>({ per: 'chat', limit: 1, windowMs: 1000, now: () => 0 });
    expect(await run(mw, ctx(7n, 1n))).to.equal(true);
    expect(await run(mw, ctx(7n, 2n))).to.equal(false);
    expect(await run(mw, ctx(8n, 1n))).to.equal(true);
    expect(await run(mw, ctx(undefined, 1n))).to.equal(true);
    expect(await run(mw, ctx(undefined, 1n))).to.equal(true);
  });

  it('keeps at most maxKeys buckets, forgetting the least recently used', async () => {
    const mw = rateLimit<Ctx>({ per: 'user', limit: 1, windowMs: 1_000_000, maxKeys: 2, now: () => 0 });
    await run(mw, ctx(1n, 1n));
    await run(mw, ctx(1n, 2n));
    expect(await run(mw, ctx(1n, 1n))).to.equal(false); // touches user 1: user 2 is now the oldest
    await run(mw, ctx(1n, 3n)); // a third bucket: user 2's is forgotten
    expect(await run(mw, ctx(1n, 2n))).to.equal(true); // a forgotten bucket is a full one
    expect(await run(mw, ctx(1n, 3n))).to.equal(false);
  });

  it('refuses limits that make no sense', () => {
    expect(() => rateLimit({ per: 'user', limit: 0, windowMs: 1000 })).to.throw(RangeError);
    expect(() => rateLimit({ per: 'user', limit: 1.5, windowMs: 1000 })).to.throw(RangeError);
    expect(() => rateLimit({ per: 'user', limit: 1, windowMs: 0 })).to.throw(RangeError);
    expect(() => rateLimit({ per: 'user', limit: 1, windowMs: 1000, maxKeys: 0 })).to.throw(RangeError);
  });
});

describe('chatState', () => {
  it('loads ctx.state before the chain and saves it after when it changed', async () => {
    const store = new MemoryStateStore();
    const mw = chatState<Ctx>({ store });
    await run(mw, ctx(10n, 1n), (c) => {
      expect(c.state).to.deep.equal({});
      c.state!.step = 1;
      c.state!.user = 1n;
    });
    expect(await store.get('chat:10')).to.deep.equal({ step: 1, user: 1n });
    await run(mw, ctx(10n, 2n), (c) => expect(c.state).to.deep.equal({ step: 1, user: 1n }));
    await run(mw, ctx(11n, 2n), (c) => expect(c.state).to.deep.equal({}));
    // An untouched initial state is not written.
    expect(await store.get('chat:11')).to.equal(undefined);
    await run(mw, ctx(10n, 1n), (c) => void (c.state = undefined));
    expect(await store.get('chat:10')).to.equal(undefined);
  });

  it('writes only when the state changed', async () => {
    const store = new MemoryStateStore();
    let writes = 0;
    const counting = { get: store.get.bind(store), delete: store.delete.bind(store), set: async (k: string, v: unknown, t?: number) => (writes++, store.set(k, v, t)) };
    const mw = chatState<Ctx>({ store: counting });
    await run(mw, ctx(1n), (c) => void (c.state!.n = 1));
    await run(mw, ctx(1n), (c) => void (c.state!.n = 1));
    await run(mw, ctx(1n), () => {});
    expect(writes).to.equal(1);
  });

  it('leaves the stored state as it was when the chain fails', async () => {
    const store = new MemoryStateStore();
    await store.set('chat:1', { n: 1 });
    const mw = chatState<Ctx>({ store });
    const error = await run(mw, ctx(1n), (c) => {
      c.state!.n = 2;
      throw new Error('handler failed');
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect(await store.get('chat:1')).to.deep.equal({ n: 1 });
  });

  it('expires state ttlMs after its last change, with custom keys and initial state', async () => {
    let clock = 0;
    const store = new MemoryStateStore({ now: () => clock });
    const mw = chatState<Ctx, { visits: number }>({ store, ttlMs: 1000, key: (c) => (c.senderId === undefined ? undefined : `user:${c.senderId}`), initial: () => ({ visits: 0 }) });
    const visit = () => run(mw, ctx(1n, 7n), (c) => void ((c.state as { visits: number }).visits += 1));
    await visit();
    await visit();
    expect(await store.get('user:7')).to.deep.equal({ visits: 2 });
    clock += 1000;
    await visit();
    expect(await store.get('user:7')).to.deep.equal({ visits: 1 });
    const c = ctx(1n);
    expect(await run(mw, c)).to.equal(true);
    expect(c.state).to.equal(undefined); // no key: no state
  });

  it('surfaces a state the store cannot keep as a typed error', async () => {
    const mw = chatState<Ctx>({ store: new MemoryStateStore() });
    const error = await run(mw, ctx(1n), (c) => void (c.state!.fn = () => 1)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StateValueError);
  });
});
