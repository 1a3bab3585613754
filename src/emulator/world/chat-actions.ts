/**
 * What members do to a chat: create it, add and remove members, rename it,
 * pin a message. Each posts the service message Telegram posts
 * (messageActionChatCreate, chatAddUser, chatDeleteUser, chatEditTitle,
 * pinMessage, channelCreate…) to every member, through the one post path.
 */
import type { Conversations } from './chats.js';
import type { Messages } from './messages.js';
import type { PeerRef, SentMessage } from './activity.js';

export class ChatActions {
  constructor(
    private readonly conversations: Conversations,
    private readonly messages: Messages,
    private readonly date: () => number,
  ) {}

  /** A basic group, announced by messageActionChatCreate. */
  createChat(creator: bigint, title: string, members: readonly bigint[]): { chatId: bigint; sent: SentMessage } {
    const chat = this.conversations.createChat({ title, creator, members, date: this.date() });
    const sent = this.messages.postService(creator, { chat: chat.id }, { _: 'messageActionChatCreate', title, users: [...chat.members] });
    return { chatId: chat.id, sent };
  }

  /** A megagroup or broadcast channel, announced by messageActionChannelCreate. */
  createChannel(creator: bigint, title: string, broadcast: boolean): { channelId: bigint; sent: SentMessage } {
    const channel = this.conversations.createChannel({ title, creator, members: [], date: this.date(), broadcast });
    const sent = this.messages.postService(creator, { channel: channel.id }, { _: 'messageActionChannelCreate', title });
    return { channelId: channel.id, sent };
  }

  /**
   * New members: `actor` added them (messageActionChatAddUser), or they joined
   * themselves (chatAddUser naming themselves, as Telegram shows a join;
   * chatJoinedByLink when `inviter` is given). A broadcast channel announces nothing.
   */
  addMembers(actor: bigint, to: { chat: bigint } | { channel: bigint }, users: readonly bigint[], inviter?: bigint): SentMessage | undefined {
    const c = this.conversation(to);
    for (const u of users) c.members.add(u);
    if (c.kind === 'channel' && c.broadcast) return undefined;
    const action = inviter === undefined ? { _: 'messageActionChatAddUser' as const, users: [...users] } : { _: 'messageActionChatJoinedByLink' as const, inviterId: inviter };
    return this.messages.postService(actor, to, action);
  }

  /** A member leaves (actor = user) or is removed: messageActionChatDeleteUser, which they still get. */
  removeMember(actor: bigint, to: { chat: bigint } | { channel: bigint }, user: bigint): SentMessage | undefined {
    const c = this.conversation(to);
    const sent = c.kind === 'channel' && c.broadcast ? undefined : this.messages.postService(actor, to, { _: 'messageActionChatDeleteUser', userId: user });
    c.members.delete(user);
    return sent;
  }

  /** A new title, announced by messageActionChatEditTitle. */
  editTitle(actor: bigint, to: { chat: bigint } | { channel: bigint }, title: string): SentMessage {
    this.conversation(to).title = title;
    return this.messages.postService(actor, to, { _: 'messageActionChatEditTitle', title });
  }

  /** Pins (announced by messageActionPinMessage replying to it) or unpins a message. */
  pin(actor: bigint, to: PeerRef, id: number, unpin: boolean): SentMessage | undefined {
    this.messages.pin(actor, to, id, !unpin);
    return unpin ? undefined : this.messages.postService(actor, to, { _: 'messageActionPinMessage' }, id);
  }

  private conversation(to: { chat: bigint } | { channel: bigint }) {
    const c = this.conversations.get('chat' in to ? to.chat : to.channel);
    if (!c) throw new Error(`there is no chat ${'chat' in to ? to.chat : to.channel}`);
    return c;
  }
}
