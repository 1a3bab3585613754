/** Groups of a test: made on the emulator, named and joined by its users as Telegram would. */
import type { tl } from '../../schema/index.js';
import type { Client } from '../../protocol/client/client.js';
import { markedPeerId } from '../../protocol/storage/index.js';
import type { Emulator } from '../../emulator/index.js';

export interface TestGroup {
  /** Marked id, as `ctx.chatId` has it. */
  readonly id: bigint;
  readonly title: string;
  /** A supergroup (a megagroup channel, the default) or a basic group. */
  readonly kind: 'supergroup' | 'group';
  /** The channel or chat id, unmarked. */
  readonly rawId: bigint;
  /** The account that created it. */
  readonly owner: bigint;
}

export interface GroupOptions {
  title: string;
  /** Its members from the start (the bot is one unless `bot: false`); others can joinGroup later. */
  members?: readonly { id: bigint }[];
  /** Default true. */
  bot?: boolean;
  /** Default 'supergroup'. */
  kind?: 'supergroup' | 'group';
}

export function createGroup(emulator: Emulator, owner: bigint, botId: bigint, options: GroupOptions): TestGroup {
  const members = [...(options.bot === false ? [] : [botId]), ...(options.members ?? []).map((m) => m.id)].filter((id) => id !== owner);
  const title = options.title;
  if (options.kind === 'group') {
    const { chatId } = emulator.updates.createChat({ creator: owner, title, members });
    return { id: markedPeerId('chat', chatId), title, kind: 'group', rawId: chatId, owner };
  }
  const { channelId } = emulator.updates.createChannel({ creator: owner, title, members });
  return { id: markedPeerId('channel', channelId), title, kind: 'supergroup', rawId: channelId, owner };
}

/** The group as `userId` names it in requests (a channel with the access hash that user is given). */
export function groupInputPeer(emulator: Emulator, group: TestGroup, userId: bigint): tl.TypeInputPeer {
  if (group.kind === 'group') return { _: 'inputPeerChat', chatId: group.rawId };
  const { accessHash } = emulator.updates.inputChannel(userId, group.rawId);
  return { _: 'inputPeerChannel', channelId: group.rawId, accessHash };
}

/**
 * Joins as the user would: channels.joinChannel for a supergroup; a basic
 * group has no self-join without a link, so the emulator adds the user as
 * joined by the owner's invite link.
 */
export async function joinGroup(emulator: Emulator, group: TestGroup, userId: bigint, client: Client): Promise<void> {
  if (group.kind === 'supergroup') {
    await client.invoke({ _: 'channels.joinChannel', channel: emulator.updates.inputChannel(userId, group.rawId) });
    return;
  }
  emulator.updates.chatActions.addMembers(userId, { chat: group.rawId }, [userId], group.owner);
}
