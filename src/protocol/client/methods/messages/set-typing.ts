import type { tl } from '../../../../schema/index.js';
import type { Client } from '../../client.js';
import { InvalidArgumentError } from '../errors.js';
import { resolvePeer, type PeerLike } from '../peers/resolve-peer.js';

/** What the others see one doing. */
export type TypingAction = 'typing' | 'cancel' | 'record-video' | 'upload-video' | 'record-voice' | 'upload-voice' | 'upload-photo' | 'upload-document' | 'choose-sticker' | 'record-round' | 'upload-round';

const ACTIONS: Record<TypingAction, (progress: number) => tl.TypeSendMessageAction> = {
  typing: () => ({ _: 'sendMessageTypingAction' }),
  cancel: () => ({ _: 'sendMessageCancelAction' }),
  'record-video': () => ({ _: 'sendMessageRecordVideoAction' }),
  'upload-video': (progress) => ({ _: 'sendMessageUploadVideoAction', progress }),
  'record-voice': () => ({ _: 'sendMessageRecordAudioAction' }),
  'upload-voice': (progress) => ({ _: 'sendMessageUploadAudioAction', progress }),
  'upload-photo': (progress) => ({ _: 'sendMessageUploadPhotoAction', progress }),
  'upload-document': (progress) => ({ _: 'sendMessageUploadDocumentAction', progress }),
  'choose-sticker': () => ({ _: 'sendMessageChooseStickerAction' }),
  'record-round': () => ({ _: 'sendMessageRecordRoundAction' }),
  'upload-round': (progress) => ({ _: 'sendMessageUploadRoundAction', progress }),
};

/** Shows "typing…" (or another action) to the others in the chat; Telegram clears it after ~6 s or on `cancel`. */
export async function setTyping(client: Client, peer: PeerLike, action: TypingAction = 'typing', params: { progress?: number } = {}): Promise<void> {
  const make = ACTIONS[action];
  if (!make) throw new InvalidArgumentError('setTyping', 'action', Object.keys(ACTIONS).join(' | '), action);
  await client.invoke({ _: 'messages.setTyping', peer: await resolvePeer(client, peer), action: make(params.progress ?? 0) });
}
