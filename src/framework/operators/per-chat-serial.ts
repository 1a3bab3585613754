import type { ObservableInput, OperatorFunction } from 'rxjs';
import { keyedSerial, type KeyedSerialOptions } from './keyed-serial.js';

/** What perChatSerial orders by: an event's chat, or its sender where it has no chat (inline queries, statuses). */
export interface Ordered {
  readonly orderKey: bigint;
}

/**
 * `keyedSerial` keyed by chat: the events of one chat are handled one at a
 * time, in order; different chats run concurrently, at most `concurrency`
 * (default 256) at once. This is what the bot itself runs handlers on.
 *
 * ```text
 * events:  -A1-B1-A2-|           (A, B: chats; handling takes 3 frames)
 * handled: ----A1-B1-A2-|        A2 starts only after A1 has finished
 * ```
 *
 * ```ts
 * bot.events$.pipe(
 *   ofType(NewMessage),
 *   perChatSerial(async (event) => audit.write(event)),
 * ).subscribe();
 * ```
 */
export function perChatSerial<T extends Ordered, R>(work: (event: T) => ObservableInput<R>, options?: KeyedSerialOptions): OperatorFunction<T, R> {
  return keyedSerial((event) => event.orderKey, work, options);
}
