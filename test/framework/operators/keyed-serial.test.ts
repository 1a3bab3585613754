import { expect } from 'chai';
import { delay, from, lastValueFrom, map, of, Subject, timer, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { keyedSerial } from '../../../src/framework/operators/keyed-serial.js';
import { perChatSerial } from '../../../src/framework/operators/per-chat-serial.js';
import { seededRandom as mulberry32 } from '../../../src/emulator/seeded-random.js';

const scheduler = () => new TestScheduler((actual, expected) => void expect(actual).to.deep.equal(expected));

describe('framework/operators/keyedSerial', () => {
  it('runs one value per key at a time, keys concurrently (marble)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      // a1 and b1 start together; a2 waits for a1; each takes 3 frames.
      const source = cold('a-b-c|', { a: 'a1', b: 'b1', c: 'a2' });
      const result = source.pipe(keyedSerial((v: string) => v[0], (v) => of(v).pipe(delay(3))));
      expectObservable(result).toBe('---a-b-(c|)', { a: 'a1', b: 'b1', c: 'a2' });
    });
  });

  it('holds keys beyond the concurrency limit in FIFO order instead of losing them (marble)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('(abc)|', { a: 'a1', b: 'b1', c: 'c1' });
      const result = source.pipe(keyedSerial((v: string) => v[0], (v) => of(v).pipe(delay(2)), { concurrency: 1 }));
      expectObservable(result).toBe('--a-b-(c|)', { a: 'a1', b: 'b1', c: 'c1' });
    });
  });

  it('never lets a newer value of a key overtake an older one, even when the older is slow (marble)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('ab|', { a: 'slow', b: 'fast' });
      const result = source.pipe(keyedSerial(() => 'k', (v) => of(v).pipe(delay(v === 'slow' ? 5 : 1))));
      expectObservable(result).toBe('-----a(b|)', { a: 'slow', b: 'fast' });
    });
  });

  it('completes only after every queue drained; an error in work errors the result', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const done = cold('a|').pipe(keyedSerial(() => 1, (v) => of(v).pipe(delay(4))));
      expectObservable(done).toBe('----(a|)');
      const failing = cold('a|').pipe(keyedSerial(() => 1, () => cold('-#', undefined, new Error('x'))));
      expectObservable(failing).toBe('-#', undefined, new Error('x'));
    });
  });

  it('handles work that completes synchronously without growing the stack', async () => {
    const values = Array.from({ length: 50_000 }, (_, i) => i);
    const out = await lastValueFrom(from(values).pipe(keyedSerial((v) => v % 3, (v) => of(v), { concurrency: 2 }), toArray()));
    expect(out).to.have.length(values.length);
  });

  it('rejects a bad concurrency', () => {
    expect(() => keyedSerial(() => 1, () => of(1), { concurrency: 0 })).to.throw(RangeError);
  });

  it('under load: per-key order kept, nothing lost, the concurrency bound holds', async function () {
    this.timeout(30_000);
    const random = mulberry32(42);
    const keys = 300;
    const total = 5_000;
    const limit = 16;
    let running = 0;
    let maxRunning = 0;
    const seen = new Map<number, number[]>();
    const source = new Subject<{ key: number; seq: number }>();
    const nextSeq = new Map<number, number>();
    const done = lastValueFrom(
      source.pipe(
        keyedSerial(
          (v) => v.key,
          (v) => {
            running++;
            maxRunning = Math.max(maxRunning, running);
            return timer(Math.floor(random() * 4)).pipe(
              map(() => {
                running--;
                const list = seen.get(v.key) ?? [];
                list.push(v.seq);
                seen.set(v.key, list);
                return v;
              }),
            );
          },
          { concurrency: limit },
        ),
        toArray(),
      ),
    );
    // Feed in bursts, some while work is in flight.
    for (let i = 0; i < total; i++) {
      const key = Math.floor(random() * random() * keys); // skewed: some keys are hot
      const seq = nextSeq.get(key) ?? 0;
      nextSeq.set(key, seq + 1);
      source.next({ key, seq });
      if (i % 500 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    source.complete();
    const out = await done;
    expect(out).to.have.length(total);
    expect(maxRunning).to.be.at.most(limit);
    expect(maxRunning).to.equal(limit);
    for (const [key, seqs] of seen) expect(seqs, `key ${key}`).to.deep.equal([...seqs.keys()]);
  });

  it('perChatSerial keys by orderKey', async () => {
    const events = [1n, 2n, 1n].map((orderKey, i) => ({ orderKey, i }));
    const out = await lastValueFrom(from(events).pipe(perChatSerial((e) => of(e.i)), toArray()));
    expect(out.sort()).to.deep.equal([0, 1, 2]);
  });
});
