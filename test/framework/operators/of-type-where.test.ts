import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { lastValueFrom, from, toArray } from 'rxjs';
import { ofType } from '../../../src/framework/operators/of-type.js';
import { where } from '../../../src/framework/operators/where.js';
import { command } from '../../../src/framework/filters/index.js';
import { CallbackQuery, NewMessage, UserStatus, type AnyEvent } from '../../../src/framework/events/index.js';
import type { NewMessageContext } from '../../../src/framework/context/index.js';
import { ALICE, contextOf, event, newMessage } from '../fixtures.js';

const scheduler = () => new TestScheduler((actual, expected) => void expect(actual).to.deep.equal(expected));

describe('framework/operators/ofType and where', () => {
  const m = newMessage('hi');
  const c = event({ _: 'updateBotCallbackQuery', queryId: 1n, userId: ALICE, peer: { _: 'peerUser', userId: ALICE }, msgId: 1, chatInstance: 1n });
  const s = event({ _: 'updateUserStatus', userId: ALICE, status: { _: 'userStatusRecently' } });

  it('ofType keeps the events of the given classes (marble)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const events = cold<AnyEvent>('m-c-m-s-|', { m, c, s });
      expectObservable(events.pipe(ofType(NewMessage, CallbackQuery))).toBe('m-c-m---|', { m, c });
      expectObservable(events.pipe(ofType(UserStatus))).toBe('------s-|', { s });
    });
  });

  it('ofType needs at least one class', () => {
    expect(() => ofType()).to.throw(TypeError, /ofType\(NewMessage\)/);
  });

  it('where runs a filter as an operator, keeping order even for async predicates (marble)', () => {
    const a = contextOf<NewMessageContext>(newMessage('/start'));
    const b = contextOf<NewMessageContext>(newMessage('nope'));
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b-a|', { a, b }).pipe(where(command('start')))).toBe('a---a|', { a });
    });
  });

  it('where with an async predicate keeps the order', async () => {
    const out = await lastValueFrom(
      from([3, 1, 2]).pipe(
        where((n: number) => new Promise<boolean>((r) => setTimeout(() => r(n !== 1), n * 5))),
        toArray(),
      ),
    );
    expect(out).to.deep.equal([3, 2]);
  });
});
