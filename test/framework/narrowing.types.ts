/**
 * Compile-only type tests: this file must type-check (`npx tsc -p .`), and
 * each `@ts-expect-error` line proves a wrong use fails. Nothing here runs.
 */
import { Composer } from '../../src/framework/composer/index.js';
import type { CallbackQueryContext, ChatActionContext, NewMessageContext, UserStatusContext } from '../../src/framework/context/index.js';
import { Command, Hears, OnCallbackQuery, OnChatAction, OnNewMessage, OnRaw, OnUserStatus } from '../../src/framework/decorators/index.js';
import { and, chatAction, chatType, command, data, fromUser, hasMedia, incoming, not, or, regex, text, userStatus } from '../../src/framework/filters/index.js';
import { ofType, where } from '../../src/framework/operators/index.js';
import { CallbackQuery, NewMessage, type AnyEvent } from '../../src/framework/events/index.js';
import type { Observable } from 'rxjs';
import type { tl } from '../../src/schema/index.js';
import { callbackData } from '../../src/framework/callback-data.js';

declare const msg: NewMessageContext;
declare const cb: CallbackQueryContext;

// A filter narrows in an if.
if (command('start')(msg)) {
  const args: string[] = msg.command.args;
  const text: string = msg.text; // the rest of the context is kept
  void args, text;
}
// @ts-expect-error ctx.command exists only after the command filter
void msg.command.args;
if (regex(/x/)(msg)) void msg.match[0];
// @ts-expect-error ctx.match exists only after a regex filter
void msg.match[0];

// Composer.filter narrows the child's context.
const bot = new Composer<NewMessageContext>();
bot.filter(command('start'), (ctx) => void ctx.command.name);
bot.filter(and(command('ban'), chatType('group', 'supergroup')), (ctx) => {
  const t: 'group' | 'supergroup' = ctx.chatType;
  void ctx.command.args, t;
});
bot.filter(or(command('a'), regex(/b/)), (ctx) => {
  // or: one of them held, so neither addition is certain
  // @ts-expect-error not known which filter passed
  void ctx.command;
});
bot.filter(not(incoming), (ctx) => void ctx.text);
bot.filter(fromUser(1n), (ctx) => {
  const id: bigint = ctx.senderId;
  void id;
});
bot.filter(hasMedia('photo'), (ctx) => {
  const media: tl.TypeMessageMedia = ctx.message.media;
  void media;
});
bot.filter((ctx) => ctx.text.length > 3); // plain predicates are typed by context
bot.filter(text('hi'));
// @ts-expect-error callback data filters do not apply to messages
bot.filter(data('x'));
// @ts-expect-error chat action filters do not apply to messages
bot.filter(chatAction('userJoined'));

new Composer<CallbackQueryContext>().filter(data(/^vote:(\d+)$/), (ctx) => void ctx.match[1]);
// callbackData(...).filter() plugs into data(): ctx.payload is typed by the codec's schema.
const vote = callbackData('vote', { id: 'int', up: 'bool' });
new Composer<CallbackQueryContext>().filter(data(vote.filter()), (ctx) => {
  const id: number = ctx.payload.id;
  const up: boolean = ctx.payload.up;
  void id, up;
});
// @ts-expect-error a bytes matcher does not apply to messages
bot.filter(data(vote.filter()));
// @ts-expect-error a command filter needs a text
new Composer<CallbackQueryContext>().filter(command('start'));
// @ts-expect-error not a chat action kind
chatAction('userDanced');
// @ts-expect-error not a user status kind
userStatus('away');
// @ts-expect-error not a chat type
chatType('forum');

// Decorators: the method's context is the event's, narrowed by the filters.
class Handlers {
  @Command('start')
  start(ctx: NewMessageContext & { command: { args: string[] } }) {
    return ctx.command.args;
  }

  @Hears(/^hi (\w+)/i)
  hi(ctx: NewMessageContext & { match: RegExpMatchArray }) {
    return ctx.match[1];
  }

  @OnNewMessage(command('ban'), chatType('group'))
  ban(ctx: NewMessageContext & { chatType: 'group' }) {
    return ctx.chatType;
  }

  @OnCallbackQuery(data(/^vote:/))
  vote(ctx: CallbackQueryContext & { match: RegExpMatchArray }) {
    return ctx.match;
  }

  @OnChatAction(chatAction('userJoined', 'userAdded'))
  joined(ctx: ChatActionContext) {
    return ctx.actionKind;
  }

  @OnUserStatus(userStatus('online'))
  online(ctx: UserStatusContext) {
    return ctx.event.onlineUntil;
  }

  @OnRaw('updateUserTyping')
  typing() {}

  // @ts-expect-error a callback handler does not get a message context
  @OnCallbackQuery()
  wrong(ctx: NewMessageContext) {
    return ctx.text;
  }

  // @ts-expect-error the handler asks for ctx.match, which no filter promised
  @OnNewMessage()
  unmatched(ctx: NewMessageContext & { match: RegExpMatchArray }) {
    return ctx.match;
  }

  // @ts-expect-error a callback-data filter on a message handler
  @OnNewMessage(data('x'))
  mixed(ctx: NewMessageContext) {
    return ctx;
  }

  // @ts-expect-error not an update name of the schema
  @OnRaw('updateNothing')
  nothing() {}
}
void Handlers;

// Operators: ofType and filters as operators narrow the stream.
declare const events$: Observable<AnyEvent>;
const messages$: Observable<NewMessage> = events$.pipe(ofType(NewMessage));
const both$: Observable<NewMessage | CallbackQuery> = events$.pipe(ofType(NewMessage, CallbackQuery));
declare const contexts$: Observable<NewMessageContext>;
const commands$: Observable<NewMessageContext & { command: { name: string } }> = contexts$.pipe(where(command('start')));
// @ts-expect-error where(regex) adds match, not command
const wrong$: Observable<NewMessageContext & { command: { name: string } }> = contexts$.pipe(where(regex(/x/)));
void messages$, both$, commands$, wrong$;
