/**
 * Bots answering users: callback queries (a pressed inline button) and inline
 * queries (`@bot query`). The user's call waits until the bot answers with
 * the query id, or fails with BOT_RESPONSE_TIMEOUT (`bots.timeoutMs`).
 */
import type { tl } from '../../schema/index.js';
import type { PeerRef } from '../world/activity.js';
import { BotTimeoutError } from '../world/bots.js';
import { boolAnswer, loggedIn, RpcFailure, type CallContext } from './context.js';
import { peerOf, peerRefOf, requireMember, userOf } from './peers.js';
import { writableTarget } from './messages.js';
import { asCaller, sentUpdates } from './own-updates.js';

/** The longest text an answer to a callback query may show. */
const MAX_CALLBACK_TEXT = 200;
const MAX_INLINE_RESULTS = 50;
const START_PARAM = /^[A-Za-z0-9_-]{1,64}$/;

type CallbackAnswer = Omit<tl.messages.BotCallbackAnswer, '_'>;
type InlineAnswer = Omit<tl.messages.BotResults, '_' | 'queryId' | 'users'>;

/**
 * messages.getBotCallbackAnswer: the message must be a bot's (or sent via
 * one; MESSAGE_ID_INVALID otherwise) and carry a callback button with this
 * data (DATA_INVALID). The bot gets updateBotCallbackQuery naming the message
 * as it sees it; the answer is its setBotCallbackAnswer.
 */
export async function getBotCallbackAnswer(ctx: CallContext, req: tl.messages.GetBotCallbackAnswerRequest): Promise<tl.messages.BotCallbackAnswer> {
  const me = loggedIn(ctx).id;
  const to = peerRefOf(ctx, req.peer);
  requireMember(ctx, to);
  const activity = ctx.world.activity;
  const stored = activity.messages.find(me, to, req.msgId);
  const message = stored?.message._ === 'message' ? stored.message : undefined;
  const bot = message && (message.viaBotId ?? activity.messages.authorOf(stored!));
  if (!message || bot === undefined || ctx.world.accounts.get(bot)?.kind !== 'bot') throw new RpcFailure(400, 'MESSAGE_ID_INVALID');
  const data = req.data ?? new Uint8Array();
  const pressed = message.replyMarkup?._ === 'replyInlineMarkup' && message.replyMarkup.rows.some((row) => row.buttons.some((b) => b._ === 'keyboardButtonCallback' && equalBytes(b.data, data)));
  if (!pressed) throw new RpcFailure(400, 'DATA_INVALID');
  const botMsgId = 'channel' in to ? req.msgId : stored!.copies?.get(bot);
  if (botMsgId === undefined) throw new RpcFailure(400, 'MESSAGE_ID_INVALID');
  const peer = 'user' in to ? peerOf({ user: me }) : peerOf(to);
  const answer = await waitFor<CallbackAnswer>(
    activity.bots.ask(bot, 'callback', { user: me }, (queryId) =>
      activity.messages.ephemeral(bot, { _: 'updateBotCallbackQuery', queryId, userId: me, peer, msgId: botMsgId, chatInstance: chatInstance(to, me, bot), data }, [me], chatsOf(to)),
    ),
  );
  return { _: 'messages.botCallbackAnswer', ...answer };
}

/** messages.setBotCallbackAnswer: bots only (USER_BOT_REQUIRED); QUERY_ID_INVALID for a query not waiting (answered, expired). */
export function setBotCallbackAnswer(ctx: CallContext, req: tl.messages.SetBotCallbackAnswerRequest): Uint8Array {
  const me = loggedIn(ctx);
  if (me.kind !== 'bot') throw new RpcFailure(400, 'USER_BOT_REQUIRED');
  if (req.message !== undefined && req.message.length > MAX_CALLBACK_TEXT) throw new RpcFailure(400, 'MESSAGE_TOO_LONG');
  const answer: CallbackAnswer = { cacheTime: req.cacheTime };
  if (req.alert) answer.alert = true;
  if (req.message) answer.message = req.message;
  if (req.url) {
    answer.url = req.url;
    answer.hasUrl = true;
  }
  if (!ctx.world.activity.bots.answer(me.id, req.queryId, 'callback', answer)) throw new RpcFailure(400, 'QUERY_ID_INVALID');
  return boolAnswer(true);
}

/** messages.getInlineBotResults: BOT_INVALID for a user; the bot gets updateBotInlineQuery; the answer is its setInlineBotResults. */
export async function getInlineBotResults(ctx: CallContext, req: tl.messages.GetInlineBotResultsRequest): Promise<tl.messages.BotResults> {
  const me = loggedIn(ctx);
  const bot = userOf(ctx, req.bot);
  if (bot.kind !== 'bot') throw new RpcFailure(400, 'BOT_INVALID');
  const to = peerRefOf(ctx, req.peer);
  const activity = ctx.world.activity;
  let queryId = 0n;
  const answer = await waitFor<InlineAnswer>(
    activity.bots.ask(bot.id, 'inline', { user: me.id, query: req.query }, (id) => {
      queryId = id;
      const update: tl.UpdateBotInlineQuery = { _: 'updateBotInlineQuery', queryId: id, userId: me.id, query: req.query, offset: req.offset, peerType: peerType(ctx, to, me.id, bot.id) };
      activity.messages.ephemeral(bot.id, update, [me.id]);
    }),
  );
  return { _: 'messages.botResults', queryId, ...answer, users: [ctx.world.user(bot, me.id)] };
}

/**
 * messages.setInlineBotResults: bots only; RESULT_ID_DUPLICATE, RESULTS_TOO_MUCH,
 * RESULT_TYPE_INVALID (only inputBotInlineResult with text or auto media is
 * emulated), NEXT_OFFSET_INVALID, START_PARAM_INVALID, QUERY_ID_INVALID.
 */
export function setInlineBotResults(ctx: CallContext, req: tl.messages.SetInlineBotResultsRequest): Uint8Array {
  const me = loggedIn(ctx);
  if (me.kind !== 'bot') throw new RpcFailure(400, 'USER_BOT_REQUIRED');
  if (req.results.length > MAX_INLINE_RESULTS) throw new RpcFailure(400, 'RESULTS_TOO_MUCH');
  if (new Set(req.results.map((r) => r.id)).size !== req.results.length) throw new RpcFailure(400, 'RESULT_ID_DUPLICATE');
  const results = req.results.map(toResult);
  if (req.nextOffset !== undefined && Buffer.byteLength(req.nextOffset) > 64) throw new RpcFailure(400, 'NEXT_OFFSET_INVALID');
  if (req.switchPm?._ === 'inlineBotSwitchPM' && !START_PARAM.test(req.switchPm.startParam)) throw new RpcFailure(400, 'START_PARAM_INVALID');
  const answer: InlineAnswer = { results, cacheTime: req.cacheTime };
  if (req.gallery) answer.gallery = true;
  if (req.nextOffset) answer.nextOffset = req.nextOffset;
  if (req.switchPm) answer.switchPm = req.switchPm;
  const bots = ctx.world.activity.bots;
  const asker = bots.asker(req.queryId);
  if (!asker || !bots.answer(me.id, req.queryId, 'inline', answer)) throw new RpcFailure(400, 'QUERY_ID_INVALID');
  bots.keep(req.queryId, { bot: me.id, user: asker.user, query: asker.query, results: req.results });
  return boolAnswer(true);
}

/**
 * messages.sendInlineBotResult: posts the chosen result as the user's
 * message, `via_bot_id` set (QUERY_ID_INVALID, RESULT_ID_INVALID); the bot
 * gets updateBotInlineSend (Telegram sends it when inline feedback is on; here always).
 */
export function sendInlineBotResult(ctx: CallContext, req: tl.messages.SendInlineBotResultRequest): tl.TypeUpdates {
  const me = loggedIn(ctx).id;
  const to = writableTarget(ctx, req.peer);
  const activity = ctx.world.activity;
  const answered = activity.bots.results(req.queryId);
  if (!answered || answered.user !== me) throw new RpcFailure(400, 'QUERY_ID_INVALID');
  const chosen = answered.results.find((r) => r.id === req.id);
  if (!chosen) throw new RpcFailure(400, 'RESULT_ID_INVALID');
  if (activity.messages.recall(me, req.randomId)) throw new RpcFailure(500, 'RANDOM_ID_DUPLICATE');
  const m = chosen.sendMessage as tl.InputBotInlineMessageText;
  const posted = asCaller(ctx, () => activity.post({ from: me, to, content: { text: m.message, entities: m.entities, replyMarkup: m.replyMarkup, viaBotId: answered.bot, silent: req.silent } }));
  activity.messages.remember(me, req.randomId);
  activity.messages.ephemeral(answered.bot, { _: 'updateBotInlineSend', userId: me, query: answered.query, id: chosen.id }, [me]);
  return sentUpdates(ctx, posted, [posted.value], [req.randomId]);
}

/** The bot's answer, or the RPC error its silence means. */
async function waitFor<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (e) {
    if (e instanceof BotTimeoutError) throw new RpcFailure(400, 'BOT_RESPONSE_TIMEOUT');
    throw e;
  }
}

function toResult(r: tl.TypeInputBotInlineResult): tl.BotInlineResult {
  if (r._ !== 'inputBotInlineResult') throw new RpcFailure(400, 'RESULT_TYPE_INVALID');
  const m = r.sendMessage;
  let sendMessage: tl.TypeBotInlineMessage;
  if (m._ === 'inputBotInlineMessageText') sendMessage = { _: 'botInlineMessageText', message: m.message, entities: m.entities, replyMarkup: m.replyMarkup, noWebpage: m.noWebpage };
  else if (m._ === 'inputBotInlineMessageMediaAuto') sendMessage = { _: 'botInlineMessageMediaAuto', message: m.message, entities: m.entities, replyMarkup: m.replyMarkup };
  else throw new RpcFailure(400, 'RESULT_TYPE_INVALID');
  if (!m.message?.trim()) throw new RpcFailure(400, 'MESSAGE_EMPTY');
  for (const k of Object.keys(sendMessage) as (keyof typeof sendMessage)[]) if (sendMessage[k] === undefined) delete sendMessage[k];
  const out: tl.BotInlineResult = { _: 'botInlineResult', id: r.id, type: r.type, sendMessage };
  if (r.title !== undefined) out.title = r.title;
  if (r.description !== undefined) out.description = r.description;
  if (r.url !== undefined) out.url = r.url;
  return out;
}

/** Where the user typed the inline query, as the bot is told. */
function peerType(ctx: CallContext, to: PeerRef, me: bigint, bot: bigint): tl.TypeInlineQueryPeerType {
  if ('user' in to) {
    if (to.user === bot) return { _: 'inlineQueryPeerTypeSameBotPM' };
    return ctx.world.accounts.get(to.user)?.kind === 'bot' && to.user !== me ? { _: 'inlineQueryPeerTypeBotPM' } : { _: 'inlineQueryPeerTypePM' };
  }
  if ('chat' in to) return { _: 'inlineQueryPeerTypeChat' };
  return ctx.world.conversations.channel(to.channel)?.broadcast ? { _: 'inlineQueryPeerTypeBroadcast' } : { _: 'inlineQueryPeerTypeMegagroup' };
}

/** A stable id for the chat a button was pressed in, the same for every press there. */
function chatInstance(to: PeerRef, me: bigint, bot: bigint): bigint {
  const id = 'user' in to ? me ^ bot : 'chat' in to ? to.chat : to.channel;
  return BigInt.asIntN(64, id * 0x9e3779b97f4a7c15n);
}

function chatsOf(to: PeerRef): bigint[] {
  return 'chat' in to ? [to.chat] : 'channel' in to ? [to.channel] : [];
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
