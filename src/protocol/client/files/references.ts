/**
 * File references expire (400 FILE_REFERENCE_EXPIRED). A download that knows
 * where its file came from re-fetches that origin, takes the fresh reference
 * and goes on where it stopped: the message (messages.getMessages, or
 * channels.getMessages in a channel), or the user's profile photos
 * (photos.getUserPhotos).
 */
import type { tl } from '../../../schema/index.js';
import { FileOriginError } from './errors.js';
import type { FileHost } from './host.js';
import { resolveFile, type ChooseOptions, type ResolvedFile } from './locations.js';

export type FileOrigin =
  | { kind: 'message'; peer: tl.TypePeer | tl.TypeInputPeer; id: number }
  | { kind: 'profile-photo'; user: tl.TypeInputUser; photoId: bigint };

type OriginHost = Pick<FileHost, 'invoke' | 'inputChannel'>;

/** The same file, with a fresh file reference from its origin. */
export async function refreshFile(host: OriginHost, file: ResolvedFile, choose: ChooseOptions, signal?: AbortSignal): Promise<ResolvedFile> {
  const origin = file.origin;
  if (!origin) throw new FileOriginError('the file reference expired and the download has no origin to refresh it from: download from the message (or pass origin)');
  const media = origin.kind === 'message' ? await fetchMessageMedia(host, origin, signal) : await fetchProfilePhoto(host, origin, signal);
  const fresh = resolveFile(media, choose, origin);
  if (fileId(fresh.location) !== fileId(file.location)) {
    throw new FileOriginError(`the origin now holds another file (${describe(origin)}): the message was edited or the photo replaced`);
  }
  return fresh;
}

async function fetchMessageMedia(host: OriginHost, origin: Extract<FileOrigin, { kind: 'message' }>, signal?: AbortSignal): Promise<tl.TypeMessageMedia> {
  const id: tl.TypeInputMessage[] = [{ _: 'inputMessageID', id: origin.id }];
  const channel = await channelOf(host, origin.peer);
  const answer = channel ? await host.invoke({ _: 'channels.getMessages', channel, id }, { signal }) : await host.invoke({ _: 'messages.getMessages', id }, { signal });
  const message = answer._ === 'messages.messagesNotModified' ? undefined : answer.messages.find((m) => m.id === origin.id);
  if (message?._ !== 'message' || !message.media) throw new FileOriginError(`${describe(origin)} is gone or has no media any more`);
  return message.media;
}

async function channelOf(host: OriginHost, peer: tl.TypePeer | tl.TypeInputPeer): Promise<tl.TypeInputChannel | undefined> {
  if (peer._ === 'inputPeerChannel') return { _: 'inputChannel', channelId: peer.channelId, accessHash: peer.accessHash };
  if (peer._ === 'inputPeerChannelFromMessage') return { _: 'inputChannelFromMessage', peer: peer.peer, msgId: peer.msgId, channelId: peer.channelId };
  if (peer._ !== 'peerChannel') return undefined;
  const channel = await host.inputChannel(peer.channelId);
  if (!channel) throw new FileOriginError(`cannot re-fetch a message of channel ${peer.channelId}: its access hash is unknown to this client`);
  return channel;
}

async function fetchProfilePhoto(host: OriginHost, origin: Extract<FileOrigin, { kind: 'profile-photo' }>, signal?: AbortSignal): Promise<tl.TypePhoto> {
  const answer = await host.invoke({ _: 'photos.getUserPhotos', userId: origin.user, offset: 0, maxId: 0n, limit: 100 }, { signal });
  const photo = answer.photos.find((p) => p.id === origin.photoId);
  if (!photo) throw new FileOriginError(`${describe(origin)} is no longer among the user's photos`);
  return photo;
}

function fileId(location: tl.TypeInputFileLocation): string {
  return 'id' in location ? `${location._}:${location.id}` : location._;
}

function describe(origin: FileOrigin): string {
  return origin.kind === 'message' ? `message ${origin.id}` : `profile photo ${origin.photoId}`;
}

/** Whether an error is Telegram saying a file reference is stale (FILE_REFERENCE_EXPIRED, FILE_REFERENCE_X_EXPIRED). */
export function isReferenceExpired(error: unknown): boolean {
  const message = (error as { errorMessage?: unknown })?.errorMessage;
  return typeof message === 'string' && /^FILE_REFERENCE_(\d+_)?EXPIRED$/.test(message);
}
