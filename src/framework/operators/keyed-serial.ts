import { from, Observable, type ObservableInput, type OperatorFunction, type Subscription } from 'rxjs';

export interface KeyedSerialOptions {
  /** At most this many values in work at once, across all keys. Default 256. */
  concurrency?: number;
}

/**
 * Runs `work` for each value: one at a time per key, in arrival order, and
 * for different keys concurrently, at most `concurrency` at once. A key whose
 * next value waits for a free slot queues in FIFO order behind the keys that
 * asked first, so no key starves. A key's queue is dropped only when it is
 * empty, so nothing is lost and a later value can never overtake an earlier
 * one of its key. Outputs are emitted as the work emits them; the result
 * completes when the source has completed and every queue has drained.
 *
 * Why not `groupBy` + `mergeMap(fn, N)`: with more than N live groups the
 * groups past N are never subscribed (their values are lost), and evicting
 * groups by a duration can restart a key while its old group still works,
 * letting a newer value overtake an older one.
 *
 * ```text
 * a = a1, b = b1, c = a2 (key: the letter); work takes 3 frames
 * source:  a-b-c|
 * result:  ---a-b-(c|)      a2 waits for a1 only; b1 runs beside a1
 *
 * concurrency 1; work takes 2 frames
 * source:  (abc)|           three keys at once
 * result:  --a-b-(c|)       keys past the limit wait in FIFO order, never lost
 * ```
 *
 * ```ts
 * updates$.pipe(
 *   keyedSerial((u) => u.chatId, (u) => handle(u), { concurrency: 64 }),
 * ).subscribe();
 * ```
 */
export function keyedSerial<T, K, R>(keyOf: (value: T) => K, work: (value: T) => ObservableInput<R>, options: KeyedSerialOptions = {}): OperatorFunction<T, R> {
  const limit = options.concurrency ?? 256;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`keyedSerial: concurrency must be a positive integer, got ${limit}`);
  return (source) =>
    new Observable<R>((subscriber) => {
      /** Values of each key that has work running or waiting; the head is the one running or next. */
      const queues = new Map<K, T[]>();
      /** Keys whose head waits for a slot, in the order they asked. */
      const ready: K[] = [];
      const running = new Set<Subscription>();
      let active = 0;
      let sourceDone = false;
      let pumping = false;

      const finishIfDone = () => {
        if (sourceDone && queues.size === 0) subscriber.complete();
      };
      const fail = (error: unknown) => subscriber.error(error);

      /** The head of `key`'s queue is done: the next of the key waits for a slot, or the key goes. */
      const release = (key: K, queue: T[]) => {
        active--;
        queue.shift();
        if (queue.length > 0) ready.push(key);
        else queues.delete(key);
        pump();
      };

      const start = (key: K) => {
        const queue = queues.get(key)!;
        active++;
        let input: ObservableInput<R>;
        try {
          input = work(queue[0]);
        } catch (error) {
          subscriber.error(error);
          return;
        }
        // A promise (what the bot's dispatcher gives) is awaited as is: no Observable around it, one closure per value.
        if (input instanceof Promise) {
          input.then((value: R) => {
            subscriber.next(value);
            release(key, queue);
          }, fail);
          return;
        }
        let finished = false;
        let inner: Subscription | undefined;
        inner = from(input).subscribe({
          next: (value) => subscriber.next(value),
          error: fail,
          complete: () => {
            finished = true;
            if (inner) running.delete(inner);
            release(key, queue);
          },
        });
        if (!finished) running.add(inner);
      };

      // A loop, not recursion: work that completes synchronously must not grow the stack.
      const pump = () => {
        if (pumping) return;
        pumping = true;
        try {
          while (active < limit && ready.length > 0 && !subscriber.closed) start(ready.shift()!);
        } finally {
          pumping = false;
        }
        finishIfDone();
      };

      const upstream = source.subscribe({
        next: (value) => {
          let key: K;
          try {
            key = keyOf(value);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          const queue = queues.get(key);
          if (queue) return void queue.push(value);
          queues.set(key, [value]);
          ready.push(key);
          pump();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          finishIfDone();
        },
      });

      return () => {
        upstream.unsubscribe();
        for (const inner of running) inner.unsubscribe();
        running.clear();
      };
    });
}
