/**
 * A user of the emulator driven by a test: a real layer Client logged in with
 * a code, which talks to the bot through the wire and logs every chat it sees.
 */
import type { tl } from '../../schema/index.js';
import type { Client } from '../../protocol/client/client.js';
import type { SendMessageParams } from '../../protocol/client/methods/index.js';
import type { FormattedText } from '../../protocol/client/text/index.js';
import type { UpdateEvent } from '../../protocol/updates/index.js';
import { markedPeerId } from '../../protocol/storage/index.js';
import { peerId } from '../events/peers.js';
import { ChatLog, type LoggedMessage } from './chat-log.js';
import { ButtonNotFoundError, NoReplyError } from './errors.js';
import { buttonRows, transcriptLines } from './transcript.js';
import type { TestGroup } from './test-group.js';
import { FrameworkError } from '../errors.js';

/** What a user needs of the test it belongs to. */
export interface TestScene {
  readonly botId: bigint;
  readonly botUsername: string;
  /** Milliseconds since the test started (what transcripts show). */
  elapsed(): number;
  nameOf(id: bigint): string;
  readonly replyTimeoutMs: number;
  /** The errors the bot's handlers threw so far, one line each. */
  handlerErrors(): string[];
  /** The group as this user names it in requests (with the access hash it is given). */
  inputPeerOf(group: TestGroup, userId: bigint): tl.TypeInputPeer;
  join(group: TestGroup, userId: bigint, client: Client): Promise<void>;
}

/**
 * A chat a test account acts in: a group of the test, the private chat with
 * another account of the test, or 'me', the account's Saved Messages.
 */
export type Chat = TestGroup | TestUser | 'me';

/** Where an action happens: the private chat with the bot (the default: for a userbot's own account, Saved Messages) or `in`. */
export interface Where {
  in?: Chat;
}

export interface ExpectReplyOptions extends Where {
  /** The reply's text: exactly this string, or matching this pattern. Default: any message of the bot. */
  text?: string | RegExp;
  /** Default: the test's replyTimeoutMs (5 s unless set). */
  timeout?: number;
}

export interface ExpectEditOptions extends ExpectReplyOptions {
  /** This message's edit (a userbot edits the command it was given): its id, as `send` resolved it. */
  message?: number;
}

export class TestUser {
  private readonly logs = new Map<bigint, ChatLog>();

  constructor(
    readonly id: bigint,
    readonly firstName: string,
    /** The logged-in Client, for anything the helpers do not cover. */
    readonly client: Client,
    private readonly scene: TestScene,
    /** The account's phone number (how other test accounts find it). */
    readonly phone?: string,
  ) {
    client.updates$.subscribe((e) => this.record(e));
  }

  /**
   * Sends a message (to the bot, or `in` a chat) and resolves with it as
   * sent. `send(chat, text)` says the chat first: `t.self.send('me', '.ping')`.
   * What this account sends is never one of the replies expectReply hands out.
   */
  async send(text: string | FormattedText, options?: Where & SendMessageParams): Promise<tl.Message>;
  async send(chat: Chat, text: string | FormattedText, options?: SendMessageParams): Promise<tl.Message>;
  async send(a: Chat | string | FormattedText, b?: string | FormattedText | (Where & SendMessageParams), c: SendMessageParams = {}): Promise<tl.Message> {
    const chatFirst = typeof b === 'string' || isFormatted(b);
    const text = (chatFirst ? b : a) as string | FormattedText;
    const { in: chat, ...params } = chatFirst ? { ...c, in: a as Chat } : ((b ?? {}) as Where & SendMessageParams);
    const sent = await this.client.sendMessage(await this.peer(chat), text, params);
    const log = this.log(chat);
    log.add({ message: sent, from: this.id, at: this.scene.elapsed() });
    log.take(sent.id);
    return sent;
  }

  /**
   * Resolves with the bot's next message in the chat (one matching `text` if
   * given; the bot's earlier messages that do not match are passed over).
   * Each reply is handed out once, oldest first. Fails after the timeout with
   * a NoReplyError showing the chat as it went.
   */
  async expectReply(options: ExpectReplyOptions = {}): Promise<tl.Message> {
    const log = this.log(options.in);
    const timeout = options.timeout ?? this.scene.replyTimeoutMs;
    const fromBot = (e: LoggedMessage) => !e.taken && e.from === this.scene.botId && e.message._ === 'message';
    const found = await log.waitFor((e) => fromBot(e) && matches((e.message as tl.Message).message, options.text), timeout);
    if (!found) throw new NoReplyError(expectation(this.scene.botUsername, options.text), timeout, this.transcript(options), this.firstName, this.scene.handlerErrors());
    for (const e of log.entries) {
      if (e === found) break;
      if (fromBot(e)) e.taken = true;
    }
    found.taken = true;
    return found.message as tl.Message;
  }

  /**
   * Resolves with a message of the bot once it has been edited (to text
   * matching `text`, if given): what a button press often does. Fails like
   * expectReply.
   */
  async expectEdit(options: ExpectEditOptions = {}): Promise<tl.Message> {
    const timeout = options.timeout ?? this.scene.replyTimeoutMs;
    const which = (e: LoggedMessage) => options.message === undefined || e.message.id === options.message;
    const found = await this.log(options.in).waitFor((e) => e.from === this.scene.botId && which(e) && e.edits > 0 && e.message._ === 'message' && matches(e.message.message, options.text), timeout);
    const what = options.message === undefined ? '' : ` of message ${options.message}`;
    if (!found) throw new NoReplyError(`an edit${what} by @${this.scene.botUsername}${describeText(options.text)}`, timeout, this.transcript(options), this.firstName, this.scene.handlerErrors());
    return found.message as tl.Message;
  }

  /**
   * Presses the callback button labelled `label` on the bot's newest message
   * with an inline keyboard (or on message `message`), and resolves with the
   * bot's answer (its toast or alert text, url).
   */
  async press(label: string | RegExp, options: Where & { message?: number } = {}): Promise<tl.messages.BotCallbackAnswer> {
    const log = this.log(options.in);
    const target = log.latest((e) => e.from === this.scene.botId && (options.message === undefined ? hasInlineKeyboard(e) : e.message.id === options.message));
    const fail = (problem: string) => new ButtonNotFoundError(label, this.transcript(options), problem);
    if (!target) throw fail(options.message === undefined ? `the bot has sent no message with an inline keyboard in this chat` : `the bot sent no message ${options.message} here`);
    const buttons = buttonRows(target.message).flat();
    const button = buttons.find((b) => matches(b.text, label));
    if (!button) throw fail(`message ${target.message.id} has no such button; it has ${buttons.map((b) => JSON.stringify(b.text)).join(', ') || 'none'}`);
    if (button._ !== 'keyboardButtonCallback') throw fail(`"${button.text}" is a ${button._}, not a callback button: there is nothing to press on the server`);
    return this.client.getCallbackAnswer(await this.peer(options.in), target.message.id, button.data);
  }

  /** Types `@bot query` (in the bot's chat, or in a group) and resolves with the bot's results. */
  async inline(query: string, options: Where & { offset?: string } = {}): Promise<tl.messages.BotResults> {
    return this.client.getInlineResults(`@${this.scene.botUsername}`, query, { peer: await this.peer(options.in), offset: options.offset });
  }

  /** Sends one of the results of inline() to the chat, as tapping it does. */
  async chooseInline(results: tl.messages.BotResults, resultId: string, options: Where = {}): Promise<tl.Message> {
    const sent = await this.client.sendInlineResult(await this.peer(options.in), results, resultId);
    this.log(options.in).add({ message: sent, from: this.id, at: this.scene.elapsed() });
    return sent;
  }

  /** Joins a group of the test (the bot sees a ChatAction `userJoined`). */
  joinGroup(group: TestGroup): Promise<void> {
    return this.scene.join(group, this.id, this.client);
  }

  /** Every message this user saw in the chat, oldest first, edits applied. */
  messages(options: Where = {}): (tl.Message | tl.MessageService)[] {
    return this.log(options.in).entries.map((e) => e.message);
  }

  /** The chat as lines: `+0.042s  @my_bot: "Hello" [Vote]`. */
  transcript(options: Where = {}): string[] {
    return transcriptLines(this.log(options.in).entries, (id) => this.scene.nameOf(id));
  }

  /** Ends the waits in progress (they fail as timeouts would). */
  close(): void {
    for (const log of this.logs.values()) log.close();
  }

  /** The chat as this account names it in requests (another test account: found by its phone, as the app finds contacts). */
  private async peer(chat: Chat | undefined): Promise<tl.TypeInputPeer | string> {
    if (chat === undefined) return this.id === this.scene.botId ? 'me' : `@${this.scene.botUsername}`;
    if (chat === 'me') return 'me';
    if (chat instanceof TestUser) {
      if (chat.id === this.id) return 'me';
      if (!chat.phone) throw new FrameworkError(`${this.firstName} cannot find ${chat.firstName}: a test user made without a phone`);
      return this.client.resolvePeer(chat.phone);
    }
    return this.scene.inputPeerOf(chat, this.id);
  }

  /** The log of a chat, by its marked id (a private chat's is the other user's id; Saved Messages: one's own). */
  private log(chat: Chat | undefined): ChatLog {
    if (chat === undefined) return this.logOf(this.scene.botId);
    if (chat === 'me') return this.logOf(this.id);
    return this.logOf(chat.id);
  }

  private logOf(chatId: bigint): ChatLog {
    let log = this.logs.get(chatId);
    if (!log) this.logs.set(chatId, (log = new ChatLog()));
    return log;
  }

  private record({ update }: UpdateEvent): void {
    switch (update._) {
      case 'updateNewMessage':
      case 'updateNewChannelMessage': {
        const m = update.message;
        if (m._ === 'messageEmpty') return;
        this.logOf(peerId(m.peerId)).add({ message: m, from: this.senderOf(m), at: this.scene.elapsed() });
        return;
      }
      case 'updateEditMessage':
      case 'updateEditChannelMessage':
        if (update.message._ === 'message') this.logOf(peerId(update.message.peerId)).edit(update.message);
        return;
    }
  }

  private senderOf(m: tl.Message | tl.MessageService): bigint {
    if (m.out) return this.id;
    if (m.fromId) return peerId(m.fromId);
    return m.peerId._ === 'peerUser' ? markedPeerId('user', m.peerId.userId) : peerId(m.peerId);
  }
}

function isFormatted(x: unknown): x is FormattedText {
  return typeof x === 'object' && x !== null && typeof (x as FormattedText).text === 'string' && Array.isArray((x as FormattedText).entities);
}

function matches(text: string, expected: string | RegExp | undefined): boolean {
  if (expected === undefined) return true;
  if (typeof expected === 'string') return text === expected;
  expected.lastIndex = 0; // a /g or /y pattern keeps state between test() calls
  return expected.test(text);
}

function hasInlineKeyboard(e: LoggedMessage): boolean {
  return e.message._ === 'message' && e.message.replyMarkup?._ === 'replyInlineMarkup';
}

function describeText(text: string | RegExp | undefined): string {
  if (text === undefined) return '';
  return typeof text === 'string' ? ` saying ${JSON.stringify(text)}` : ` matching ${String(text)}`;
}

function expectation(bot: string, text: string | RegExp | undefined): string {
  return `a reply from @${bot}${describeText(text)}`;
}
