import { expect } from 'chai';
import { branch, compose, Composer, errorBoundary, filter, lazy, run, type Middleware } from '../../../src/framework/composer/index.js';
import { MiddlewareError } from '../../../src/framework/errors.js';

interface Ctx {
  log: string[];
  n: number;
}

const ctx = (n = 0): Ctx => ({ log: [], n });
const mark =
  (name: string): Middleware<Ctx> =>
  async (c, next) => {
    c.log.push(`${name}>`);
    await next();
    c.log.push(`<${name}`);
  };

describe('framework/composer', () => {
  it('runs middleware onion-wise, and an early exit stops the chain', async () => {
    const c = ctx();
    await run(compose<Ctx>([mark('a'), mark('b'), (c) => void c.log.push('end'), mark('never')]), c);
    expect(c.log).to.deep.equal(['a>', 'b>', 'end', '<b', '<a']);
  });

  it('calls the outer next after the last middleware', async () => {
    const c = ctx();
    await compose<Ctx>([mark('a')])(c, async () => void c.log.push('outer'));
    expect(c.log).to.deep.equal(['a>', 'outer', '<a']);
  });

  it('rejects next() called twice with a MiddlewareError', async () => {
    const twice: Middleware<Ctx> = async (_c, next) => {
      await next();
      await next();
    };
    const error = await run(compose<Ctx>([twice, mark('b')]), ctx()).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MiddlewareError);
  });

  it('filter runs its middleware only when the predicate holds, else passes on', async () => {
    const c1 = ctx(1);
    const c2 = ctx(2);
    const mw = compose<Ctx>([filter((c) => c.n === 1, (c) => void c.log.push('one')), (c) => void c.log.push('rest')]);
    await run(mw, c1);
    await run(mw, c2);
    expect(c1.log).to.deep.equal(['one']);
    expect(c2.log).to.deep.equal(['rest']);
  });

  it('filter takes async predicates', async () => {
    const c = ctx(3);
    await run(filter<Ctx>(async (c) => c.n === 3, (c) => void c.log.push('yes')), c);
    expect(c.log).to.deep.equal(['yes']);
  });

  it('branch picks one of two', async () => {
    const mw = branch<Ctx>((c) => c.n > 0, (c) => void c.log.push('pos'), (c) => void c.log.push('neg'));
    const a = ctx(1);
    const b = ctx(-1);
    await run(mw, a);
    await run(mw, b);
    expect([a.log, b.log]).to.deep.equal([['pos'], ['neg']]);
  });

  it('lazy builds the chain per update', async () => {
    const mw = lazy<Ctx>((c) => (c.n === 1 ? [mark('x'), mark('y')] : mark('z')));
    const a = ctx(1);
    const b = ctx(2);
    await run(mw, a);
    await run(mw, b);
    expect(a.log).to.deep.equal(['x>', 'y>', '<y', '<x']);
    expect(b.log).to.deep.equal(['z>', '<z']);
  });

  it('errorBoundary catches errors inside it, not those from after it', async () => {
    const caught: unknown[] = [];
    const inner = errorBoundary<Ctx>((e) => void caught.push(e), async (c, next) => {
      if (c.n === 1) throw new Error('inside');
      await next();
    });
    await run(inner, ctx(1));
    expect((caught[0] as Error).message).to.equal('inside');
    const outside = compose<Ctx>([inner, () => Promise.reject(new Error('outside'))]);
    const error = await run(outside, ctx(2)).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('outside');
    expect(caught).to.have.length(1);
  });

  it('errorBoundary may rethrow to pass an error on', async () => {
    const mw = errorBoundary<Ctx>((e) => {
      throw e;
    }, () => {
      throw new RangeError('x');
    });
    expect(await run(mw, ctx()).catch((e: unknown) => e)).to.be.instanceOf(RangeError);
  });

  it('Composer: use, filter (child), branch, lazy, errorBoundary compose into one middleware', async () => {
    const bot = new Composer<Ctx>();
    const errors: string[] = [];
    bot.use(mark('all'));
    const ones = bot.filter((c) => c.n === 1);
    ones.use((c) => void c.log.push('one'));
    bot.branch((c) => c.n === 2, (c: Ctx) => void c.log.push('two'), (_c, next) => next());
    bot.errorBoundary((e) => void errors.push((e as Error).message)).use(() => {
      throw new Error('boom');
    });
    const mw = bot.middleware();
    const [a, b, c] = [ctx(1), ctx(2), ctx(3)];
    await run(mw, a);
    await run(mw, b);
    await run(mw, c);
    expect(a.log).to.deep.equal(['all>', 'one', '<all']);
    expect(b.log).to.deep.equal(['all>', 'two', '<all']);
    expect(c.log).to.deep.equal(['all>', '<all']);
    expect(errors).to.deep.equal(['boom']);
  });

  it('Composer.middleware() sees middleware added later', async () => {
    const bot = new Composer<Ctx>();
    const mw = bot.middleware();
    bot.use((c) => void c.log.push('late'));
    const c = ctx();
    await run(mw, c);
    expect(c.log).to.deep.equal(['late']);
  });
});
