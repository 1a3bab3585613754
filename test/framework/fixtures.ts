/** Events and contexts built from TL updates, for tests that need no emulator. */
import 'reflect-metadata';
import { container } from 'tsyringe';
import type { tl } from '../../src/schema/index.js';
import type { Client } from '../../src/protocol/client/client.js';
import { buildEvent, PeerCache, type AnyEvent } from '../../src/framework/events/index.js';
import { makeContext, type Context } from '../../src/framework/context/index.js';

export const BOT_ID = 500n;
export const ALICE = 100n;

export const alice: tl.User = { _: 'user', id: ALICE, accessHash: 1n, firstName: 'Alice', username: 'alice' };

/** Only what filters read of the client: who we are. */
export const fakeClient = { self: { _: 'user', id: BOT_ID, username: 'my_bot', bot: true } } as unknown as Client;

export function message(text: string, options: Partial<tl.Message> = {}): tl.Message {
  return { _: 'message', id: 1, fromId: { _: 'peerUser', userId: ALICE }, peerId: { _: 'peerUser', userId: ALICE }, date: 1, message: text, ...options };
}

export function event(update: tl.TypeUpdate, peers = new PeerCache(), users: tl.TypeUser[] = [alice], chats: tl.TypeChat[] = []): AnyEvent {
  return buildEvent({ update, users, chats, source: 'live' }, peers);
}

export function newMessage(text: string, options: Partial<tl.Message> = {}): AnyEvent {
  return event({ _: 'updateNewMessage', message: message(text, options), pts: 1, ptsCount: 1 });
}

export function contextOf<C extends Context = Context>(e: AnyEvent): C {
  return makeContext(e, { client: fakeClient, container: container.createChildContainer(), signal: new AbortController().signal }) as C;
}
