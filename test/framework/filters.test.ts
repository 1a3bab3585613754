import { expect } from 'chai';
import { and, chatAction, chatType, command, data, fromUser, hasMedia, incoming, not, or, outgoing, parseCommand, regex, text, userStatus } from '../../src/framework/filters/index.js';
import type { CallbackQueryContext, ChatActionContext, NewMessageContext, UserStatusContext } from '../../src/framework/context/index.js';
import { ALICE, contextOf, event, newMessage } from './fixtures.js';

const msg = (t: string, options = {}) => contextOf<NewMessageContext>(newMessage(t, options));

describe('framework/filters', () => {
  it('command: name, @botname suffix, args; another bot or a non-command does not match', () => {
    const ctx = msg('/start@My_Bot  a  b');
    expect(command('start')(ctx) && ctx.command).to.deep.equal({ name: 'start', args: ['a', 'b'], argsText: 'a  b', botname: 'My_Bot' });
    expect(command(['help', 'start'])(msg('/START'))).to.equal(true);
    expect(command('start')(msg('/start@other_bot'))).to.equal(false);
    expect(command('start')(msg('/starts'))).to.equal(false);
    expect(command('start')(msg('start'))).to.equal(false);
    expect(command('start', { prefixes: ['!'] })(msg('!start'))).to.equal(true);
    expect(parseCommand('/', ['/'], undefined)).to.equal(undefined);
    expect(() => command('no spaces')).to.throw(TypeError, /not a command name/);
  });

  it('text and regex; regex sets ctx.match and escapes string patterns', () => {
    expect(text('hi')(msg('hi'))).to.equal(true);
    expect(text(['a', 'b'])(msg('c'))).to.equal(false);
    const ctx = msg('order #42');
    expect(regex(/#(\d+)/g)(ctx)).to.equal(true);
    expect(regex(/#(\d+)/g)(ctx) && ctx.match[1]).to.equal('42');
    expect(regex('a.b')(msg('axb'))).to.equal(false);
    expect(regex('a.b')(msg('a.b'))).to.equal(true);
  });

  it('chat type, sender, direction, media', () => {
    expect(chatType('private')(msg('x'))).to.equal(true);
    expect(chatType('group')(msg('x', { peerId: { _: 'peerChat', chatId: 3n } }))).to.equal(true);
    expect(chatType('supergroup')(msg('x', { peerId: { _: 'peerChannel', channelId: 3n } }))).to.equal(true);
    expect(fromUser(ALICE)(msg('x'))).to.equal(true);
    expect(fromUser(1n)(msg('x'))).to.equal(false);
    expect(incoming(msg('x'))).to.equal(true);
    expect(outgoing(msg('x', { out: true }))).to.equal(true);
    expect(hasMedia()(msg('x'))).to.equal(false);
    const photo = msg('x', { media: { _: 'messageMediaPhoto' } });
    expect([hasMedia()(photo), hasMedia('photo')(photo), hasMedia('document')(photo)]).to.deep.equal([true, true, false]);
    expect(() => chatType('forum' as never)).to.throw(TypeError, /not one of/);
  });

  it('callback data, chat action and status kinds', () => {
    const cb = contextOf<CallbackQueryContext>(
      event({ _: 'updateBotCallbackQuery', queryId: 1n, userId: ALICE, peer: { _: 'peerUser', userId: ALICE }, msgId: 1, chatInstance: 1n, data: new TextEncoder().encode('vote:3') }),
    );
    expect(data('vote:3')(cb)).to.equal(true);
    expect(data(/^vote:(\d)$/)(cb) && cb.match[1]).to.equal('3');
    expect(data('nope')(cb)).to.equal(false);
    const joined = contextOf<ChatActionContext>(
      event({ _: 'updateNewMessage', message: { _: 'messageService', id: 1, fromId: { _: 'peerUser', userId: ALICE }, peerId: { _: 'peerChat', chatId: 1n }, date: 1, action: { _: 'messageActionChatAddUser', users: [ALICE] } }, pts: 1, ptsCount: 1 }),
    );
    expect([chatAction('userJoined')(joined), chatAction('userLeft')(joined)]).to.deep.equal([true, false]);
    const online = contextOf<UserStatusContext>(event({ _: 'updateUserStatus', userId: ALICE, status: { _: 'userStatusOnline', expires: 1 } }));
    expect([userStatus('online')(online), userStatus('offline', 'recently')(online)]).to.deep.equal([true, false]);
    expect(() => userStatus('away' as never)).to.throw(TypeError);
  });

  it('and, or, not', () => {
    const ctx = msg('/ban x', { peerId: { _: 'peerChat', chatId: 3n } });
    expect(and(command('ban'), chatType('group'))(ctx)).to.equal(true);
    expect(and(command('ban'), chatType('private'))(ctx)).to.equal(false);
    expect(or(command('kick'), chatType('group'))(ctx)).to.equal(true);
    expect(not(command('ban'))(ctx)).to.equal(false);
    expect(() => (and as (...f: unknown[]) => unknown)()).to.throw(TypeError);
    expect(() => or(command('a'), 3 as never)).to.throw(TypeError, /argument 2/);
  });
});
