import 'reflect-metadata';
import { expect } from 'chai';
import { container, inject, injectable } from 'tsyringe';
import { Catch, Command, Hears, OnCallbackQuery, OnNewMessage, OnRaw, UseGuards, UseMiddleware, type CanActivate, type LayerMiddleware } from '../../src/framework/decorators/index.js';
import { compileClass, scan } from '../../src/framework/scanner/index.js';
import { run, type NextFn } from '../../src/framework/composer/index.js';
import { DecoratorError } from '../../src/framework/errors.js';
import { METADATA } from '../../src/framework/metadata/keys.js';
import { makeContext, type Context, type NewMessageContext } from '../../src/framework/context/index.js';
import { CONTEXT } from '../../src/framework/di/tokens.js';
import { registerHandlerClass } from '../../src/framework/di/containers.js';
import { fakeClient, newMessage } from './fixtures.js';

const log: string[] = [];

/** Runs a handler class on one message, as the bot would: a child container per update. */
async function deliver(cls: new (...args: never[]) => object, text: string): Promise<void> {
  const root = container.createChildContainer();
  registerHandlerClass(root, cls as never);
  const child = root.createChildContainer();
  const ctx = makeContext(newMessage(text), { client: fakeClient, container: child, signal: new AbortController().signal });
  child.register(CONTEXT, { useValue: ctx });
  await run(compileClass(scan(cls as never)), ctx);
}

class NotAdmin extends Error {}

@injectable()
class AdminGuard implements CanActivate<Context> {
  constructor(@inject(CONTEXT) private readonly ctx: Context) {}
  canActivate(): boolean {
    log.push('guard');
    return (this.ctx as NewMessageContext).text.includes('admin');
  }
}

class Timing implements LayerMiddleware<Context> {
  async use(_ctx: Context, next: NextFn) {
    log.push('class-mw>');
    await next();
    log.push('<class-mw');
  }
}

@UseMiddleware(Timing)
class Handlers {
  @Command('start')
  start(ctx: NewMessageContext & { command: { args: string[] } }) {
    log.push(`start ${ctx.command.args.join(',')}`);
  }

  @UseMiddleware(async (_ctx, next) => {
    log.push('method-mw');
    await next();
  })
  @UseGuards(AdminGuard)
  @Hears(/^ban/)
  ban() {
    log.push('ban');
  }

  @Hears(/^ban/)
  banFallback() {
    log.push('ban denied');
  }

  @OnNewMessage()
  async fail(ctx: NewMessageContext) {
    if (ctx.text === 'typed') throw new NotAdmin('typed');
    if (ctx.text === 'other') throw new Error('other');
    log.push('passed on');
  }

  @Catch(NotAdmin)
  onNotAdmin(error: NotAdmin) {
    log.push(`caught ${error.message}`);
  }
}

describe('framework/decorators', () => {
  beforeEach(() => (log.length = 0));

  it('records namespaced metadata, read once by the scanner in declaration order', () => {
    expect(METADATA.handlers).to.equal('layer:handler');
    const def = scan(Handlers);
    expect(def.handlers.map((h) => [h.method, h.decorator])).to.deep.equal([
      ['start', '@Command'],
      ['ban', '@Hears'],
      ['banFallback', '@Hears'],
      ['fail', '@OnNewMessage'],
    ]);
    expect(def.handlers[1].guards).to.have.length(1);
    expect(def.middleware).to.have.length(1);
    expect(def.catches.map((c) => c.method)).to.deep.equal(['onNotAdmin']);
  });

  it('runs filters, then class and method middleware, then guards, then the method; the first match wins', async () => {
    await deliver(Handlers, '/start a b');
    expect(log).to.deep.equal(['class-mw>', 'start a,b', '<class-mw']);
  });

  it('a guard that says no skips its handler and the update goes on to the next', async () => {
    await deliver(Handlers, 'ban admin');
    expect(log).to.deep.equal(['class-mw>', 'method-mw', 'guard', 'ban', '<class-mw']);
    log.length = 0;
    await deliver(Handlers, 'ban bob');
    // Koa-style: the next handler runs inside the denied one's middleware (its next()).
    expect(log).to.deep.equal(['class-mw>', 'method-mw', 'guard', 'class-mw>', 'ban denied', '<class-mw', '<class-mw']);
  });

  it('@Catch takes errors of its type; others pass on', async () => {
    await deliver(Handlers, 'typed');
    expect(log).to.include('caught typed');
    const error = await deliver(Handlers, 'other').catch((e: unknown) => e);
    expect((error as Error).message).to.equal('other');
  });

  it('misuse fails at decoration with an error naming the decorator and member', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).to.be.instanceOf(DecoratorError);
        return (e as Error).message;
      }
      expect.fail('no error');
    };
    expect(
      bad(() => {
        class A {
          @OnNewMessage(42 as never)
          m() {}
        }
        return A;
      }),
    ).to.equal('@OnNewMessage on A.m: filter 1 is not a function (got number)');
    expect(
      bad(() => {
        class B {
          @Command('not valid')
          m() {}
        }
        return B;
      }),
    ).to.match(/^@Command on B\.m: .*not a command name/);
    expect(
      bad(() => {
        class C {
          @OnRaw('updateNothing' as never)
          m() {}
        }
        return C;
      }),
    ).to.match(/^@OnRaw on C\.m: "updateNothing" is not an Update/);
    expect(
      bad(() => {
        class NoGuard {}
        @UseGuards(NoGuard as never)
        class D {
          @OnCallbackQuery()
          m() {}
        }
        return D;
      }),
    ).to.match(/^@UseGuards on D: class NoGuard has no canActivate\(\) method/);
    expect(
      bad(() => {
        class E {
          @Catch('x' as never)
          m() {}
        }
        return E;
      }),
    ).to.match(/^@Catch on E\.m: argument 1/);
    expect(bad(() => scan(class Empty {}))).to.match(/^handlers on Empty: is listed in handlers but no method carries an event decorator/);
  });
});
