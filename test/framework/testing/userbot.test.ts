import 'reflect-metadata';
import { expect } from 'chai';
import { injectable } from 'tsyringe';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { OnNewMessage } from '../../../src/framework/decorators/index.js';
import { chatType, command, incoming, outgoing, text } from '../../../src/framework/filters/index.js';
import type { NewMessageContext, ParsedCommand } from '../../../src/framework/context/index.js';
import { FrameworkError } from '../../../src/framework/index.js';
import { codeLogin, NoReplyError, testUserbot, type LoginSteps, type UserbotTest } from '../../../src/framework/testing/index.js';
import type { Client } from '../../../src/protocol/client/client.js';

const dot = (name: string) => command(name, { prefixes: ['.'] });

/** A userbot: commands the owner types (outgoing), and an away message for others. */
@injectable()
class SelfCommands {
  @OnNewMessage(outgoing, dot('ping'))
  async ping(ctx: NewMessageContext) {
    await ctx.edit('pong');
  }

  @OnNewMessage(outgoing, dot('echo'))
  async echo(ctx: NewMessageContext & { command: ParsedCommand }) {
    await ctx.respond(ctx.command.argsText);
  }

  @OnNewMessage(outgoing, dot('file'))
  async file(ctx: NewMessageContext) {
    await ctx.client.sendFile('me', new TextEncoder().encode('a log line\n'), { kind: 'document', name: 'log.txt', caption: 'the log' });
  }

  @OnNewMessage(incoming, chatType('private'), text('hello?'))
  async away(ctx: NewMessageContext) {
    await ctx.reply('away, back soon');
  }
}

describe('framework/testing: a userbot tested as its owner and others see it', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let t: UserbotTest;
  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => t?.stop());
  after(() => emulator.close());

  it("t.self types in Saved Messages from another session; the userbot's handlers see it as outgoing and edit it", async () => {
    t = await testUserbot({ handlers: [SelfCommands], emulator });
    expect(t.bot.config.handleOutgoing).to.equal(true);
    const ping = await t.self.send('me', '.ping');
    expect(ping.peerId).to.deep.equal({ _: 'peerUser', userId: t.botId });
    const edited = await t.self.expectEdit({ in: 'me', text: 'pong' });
    expect(edited.id).to.equal(ping.id);
    // Saved Messages is t.self's default chat.
    const again = await t.self.send('.ping');
    expect((await t.self.expectEdit({ message: again.id, text: 'pong' })).id).to.equal(again.id);
    const none = await t.self.expectEdit({ message: again.id + 100, timeout: 100 }).catch((e: unknown) => e);
    expect((none as Error).message).to.match(/^Owner waited 100 ms for an edit of message \d+ by @userbot_\d+, and none came\./);
    expect(t.errors).to.deep.equal([]);
  });

  it("expectReply hands out the account's new messages, never what t.self sent", async () => {
    t = await testUserbot({ handlers: [SelfCommands], emulator });
    await t.self.send('me', '.echo hi there');
    expect((await t.self.expectReply({ in: 'me' })).message).to.equal('hi there');
    expect(await t.self.expectReply({ in: 'me', timeout: 100 }).catch((e: unknown) => e)).to.be.instanceOf(NoReplyError);
    const lines = t.self.transcript({ in: 'me' }).map((l) => l.replace(/^\+\d+\.\d{3}s {2}/, ''));
    expect(lines).to.deep.equal([`@${t.username}: ".echo hi there"`, `@${t.username}: "hi there"`]);
  });

  it('a file the userbot sends to Saved Messages', async () => {
    t = await testUserbot({ handlers: [SelfCommands], emulator });
    await t.self.send('me', '.file');
    const doc = await t.self.expectReply({ in: 'me' });
    expect(doc.media?._).to.equal('messageMediaDocument');
    expect(t.self.transcript({ in: 'me' }).at(-1)).to.match(/\[document log\.txt, 11 B, text\/plain\] "the log"$/);
  });

  it('others talk to it (t.user) and see its edits; t.self writes to them by name', async () => {
    t = await testUserbot({ handlers: [SelfCommands], emulator, firstName: 'Ann' });
    const bob = await t.user({ firstName: 'Bob' });
    await bob.send('hello?');
    expect((await bob.expectReply()).message).to.equal('away, back soon');
    // The owner sees Bob's message and the away reply in the chat with Bob.
    await t.self.expectReply({ in: bob, text: 'away, back soon' });
    expect(t.self.messages({ in: bob }).map((m) => (m._ === 'message' ? m.message : ''))).to.deep.equal(['hello?', 'away, back soon']);
    await t.self.send(bob, '.ping');
    expect((await bob.expectEdit({ text: 'pong' })).out).to.not.equal(true);
    // A user the owner never talked to: found by phone.
    const carol = await t.user({ firstName: 'Carol' });
    await t.self.send(carol, '.echo hi Carol');
    expect((await carol.expectReply({ text: 'hi Carol' })).message).to.equal('hi Carol');
  });

  it('in a group: the owner types, members see the edit', async () => {
    t = await testUserbot({ handlers: [SelfCommands], emulator });
    const bob = await t.user({ firstName: 'Bob' });
    const group = t.group({ title: 'Club', members: [bob] });
    await t.self.send(group, '.ping');
    expect((await bob.expectEdit({ in: group, text: 'pong' })).message).to.equal('pong');
  });

  it('a 2FA account, logged in by your own login flow (each session: the code, then the password)', async () => {
    const steps: string[] = [];
    const login = async (client: Client, s: LoginSteps) => {
      steps.push(`login ${s.phone}`);
      return codeLogin(client, { ...s, password: async () => (steps.push('password'), s.password()) });
    };
    t = await testUserbot({ handlers: [SelfCommands], emulator, phone: '+15550001234', password: 'correct horse', login });
    expect(steps).to.deep.equal(['login +15550001234', 'password', 'login +15550001234', 'password']);
    await t.self.send('me', '.ping');
    await t.self.expectEdit({ in: 'me', text: 'pong' });
  });

  it("handleOutgoing: false in the config leaves the owner's messages alone; a wrong password fails testUserbot", async () => {
    t = await testUserbot({ handlers: [SelfCommands], emulator, config: { handleOutgoing: false } });
    await t.self.send('me', '.ping');
    const error = await t.self.expectEdit({ in: 'me', timeout: 300 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NoReplyError);
    expect((error as Error).message).to.match(/Owner waited 300 ms for an edit by @userbot_\d+, and none came\.\nThe chat so far, oldest first:\n {2}\+\d+\.\d{3}s {2}@userbot_\d+: "\.ping"$/);
    await t.stop();
    expect(await t.user().catch((e: unknown) => e)).to.be.instanceOf(FrameworkError).with.property('message', 'user(): this test has stopped; start another with testUserbot()');
    const wrong = await testUserbot({ handlers: [SelfCommands], emulator, password: 'secret', login: (c, s) => codeLogin(c, { ...s, password: async () => 'guess' }) }).catch((e: unknown) => e);
    expect(wrong).to.have.property('errorMessage', 'PASSWORD_HASH_INVALID');
  });
});
