/** ctx.replyWithFile and friends on the emulator: the user gets the file, with its caption, and downloads the same bytes; the update's signal cancels an upload. */
import 'reflect-metadata';
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import type { tl } from '../../../src/schema/index.js';
import { Catch, Command } from '../../../src/framework/decorators/index.js';
import type { NewMessageContext } from '../../../src/framework/context/index.js';
import { BotStoppedError, HandlerError, HandlerTimeoutError } from '../../../src/framework/errors.js';
import { FileTransferAbortedError } from '../../../src/protocol/client/files/index.js';
import { html } from '../../../src/protocol/client/text/index.js';
import { InlineKeyboard } from '../../../src/framework/keyboards/index.js';
import { texts } from '../../protocol/client/methods/accounts.js';
import { until, useBot } from '../bot/harness.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const report = new Uint8Array(randomBytes(300 * 1024 + 7));
const picture = new Uint8Array(randomBytes(48 * 1024));

/** What the handlers saw; reset per test. */
let probe: { reading: boolean; error?: unknown; caught?: unknown };

/** Two parts, noting when the upload starts reading (the test makes the server lose every part). */
async function* stuckStream(): AsyncGenerator<Uint8Array> {
  probe.reading = true;
  yield new Uint8Array(64 * 1024).fill(1);
  yield new Uint8Array(64 * 1024).fill(2);
}

class FileHandlers {
  @Command('report')
  async report(ctx: NewMessageContext) {
    await ctx.replyWithFile(report, { name: 'q3.bin', caption: html`<b>Q3</b> report`, replyMarkup: new InlineKeyboard().callback('ok', 'ok') });
  }

  @Command('photo')
  async photo(ctx: NewMessageContext) {
    await ctx.replyWithPhoto(picture, { caption: 'a *photo*', parseMode: 'markdown' });
  }

  @Command('stuck')
  async stuck(ctx: NewMessageContext) {
    try {
      await ctx.replyWithFile(stuckStream(), { name: 'never.bin', size: 128 * 1024, partSize: 64 * 1024, kind: 'document' });
    } catch (error) {
      probe.error = error;
      throw error;
    }
  }

  @Command('empty')
  async empty(ctx: NewMessageContext) {
    probe.error = await ctx.respondWithFile(new Uint8Array(0)).catch((e: unknown) => e);
    await ctx.respond('done');
  }

  @Command('ping')
  async ping(ctx: NewMessageContext) {
    await ctx.respond('pong');
  }

  @Catch(FileTransferAbortedError)
  onAborted(error: FileTransferAbortedError) {
    probe.caught = error;
  }
}

const sentBy = (updates: tl.TypeUpdate[], from: bigint): tl.Message[] =>
  updates.flatMap((u) => (u._ === 'updateNewMessage' && u.message._ === 'message' && u.message.fromId?._ === 'peerUser' && u.message.fromId.userId === from ? [u.message] : []));

describe('framework/context: replyWithFile', function () {
  this.timeout(20_000);
  const t = useBot();
  beforeEach(() => (probe = { reading: false }));

  it('replies to a command with a document and its caption; the user downloads the same bytes', async () => {
    const { id, username } = await t.bot({ handlers: [FileHandlers] });
    const alice = await t.user('Alice');
    const asked = await alice.client.sendMessage(`@${username}`, '/report');
    await until(() => sentBy(alice.updates, id).length > 0, 'the file');
    const [message] = sentBy(alice.updates, id);
    expect(message.replyTo).to.include({ replyToMsgId: asked.id });
    expect(message.message).to.equal('Q3 report');
    expect(message.entities).to.deep.equal([{ _: 'messageEntityBold', offset: 0, length: 2 }]);
    expect(message.replyMarkup?._).to.equal('replyInlineMarkup');
    const media = message.media;
    if (media?._ !== 'messageMediaDocument' || media.document?._ !== 'document') throw new Error(`expected a document, got ${media?._}`);
    expect(media.document.attributes).to.deep.include({ _: 'documentAttributeFilename', fileName: 'q3.bin' });
    expect(sha256(await alice.client.downloadFile(message))).to.equal(sha256(report));
  });

  it('replyWithPhoto sends a photo the user can download', async () => {
    const { id, username } = await t.bot({ handlers: [FileHandlers] });
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, '/photo');
    await until(() => sentBy(alice.updates, id).length > 0, 'the photo');
    const [message] = sentBy(alice.updates, id);
    expect(message.media?._).to.equal('messageMediaPhoto');
    expect(message.message).to.equal('a photo');
    expect(sha256(await alice.client.downloadFile(message))).to.equal(sha256(picture));
  });

  it("a handler timeout cancels the upload: a typed error for @Catch, nothing sent, the chat goes on", async () => {
    const { bot, id, username } = await t.bot({ handlers: [FileHandlers], config: { handlerTimeoutMs: 400 } });
    const errors: HandlerError[] = [];
    bot.errors$.subscribe((e) => errors.push(e));
    const alice = await t.user('Alice');
    t.h.emulator.faults.dropCalls('upload.saveFilePart', 1000);
    await alice.client.sendMessage(`@${username}`, '/stuck');
    await until(() => probe.caught !== undefined, 'the cancelled upload caught');
    expect(probe.caught).to.be.instanceOf(FileTransferAbortedError);
    expect((probe.caught as FileTransferAbortedError).cause).to.be.instanceOf(HandlerTimeoutError);
    expect(probe.reading).to.equal(true);
    await until(() => errors.some((e) => e.error instanceof HandlerTimeoutError), 'the timeout reported');
    await alice.client.sendMessage(`@${username}`, '/ping');
    await until(() => texts(alice.updates).includes('pong'), 'the next command answered');
    // Updates arrive in order: had the file gone out, it would be here before the pong.
    expect(sentBy(alice.updates, id).map((m) => m.media?._ ?? m.message)).to.deep.equal(['pong']);
  });

  it('a stop past its deadline cancels the upload with BotStoppedError as the cause; nothing is sent', async () => {
    const { bot, id, username } = await t.bot({ handlers: [FileHandlers] });
    const alice = await t.user('Alice');
    t.h.emulator.faults.dropCalls('upload.saveFilePart', 1000);
    await alice.client.sendMessage(`@${username}`, '/stuck');
    await until(() => probe.reading, 'the upload under way');
    await bot.stop({ timeoutMs: 50 });
    await until(() => probe.error !== undefined, 'the upload cancelled');
    expect(probe.error).to.be.instanceOf(FileTransferAbortedError);
    expect((probe.error as FileTransferAbortedError).cause).to.be.instanceOf(BotStoppedError);
    expect(sentBy(alice.updates, id)).to.deep.equal([]);
  });

  it('respondWithFile refuses bad input with a typed error before sending anything', async () => {
    const { id, username } = await t.bot({ handlers: [FileHandlers] });
    const alice = await t.user('Alice');
    await alice.client.sendMessage(`@${username}`, '/empty');
    await until(() => texts(alice.updates).includes('done'), 'the handler finished');
    expect((probe.error as Error).name).to.equal('FileInputError');
    expect(sentBy(alice.updates, id).map((m) => m.message)).to.deep.equal(['done']);
  });
});
