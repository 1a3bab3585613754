/**
 * Sending files: upload, then messages.sendMedia (one file) or
 * messages.uploadMedia for each item and messages.sendMultiMedia (an album),
 * with captions given as text, as FormattedText, or parsed as HTML/Markdown.
 */
import type { tl } from '../../../schema/index.js';
import { randomLong } from '../../crypto/hash.js';
import { isFormattedText, parseHtml, parseMarkdown, type FormattedText } from '../text/index.js';
import { FileInputError } from './errors.js';
import type { FileHost } from './host.js';
import { existingMedia, uploadedMedia, type MediaOptions } from './media.js';
import type { FileSource } from './sources.js';
import { uploadFile, type UploadOptions } from './upload.js';

export interface CaptionOptions {
  caption?: string | FormattedText;
  /** How to read a string caption. Default: as plain text. */
  parseMode?: 'html' | 'markdown';
}

export interface SendFileOptions extends MediaOptions, CaptionOptions, Omit<UploadOptions, 'name' | 'dcId'> {
  /** A thumbnail for a document or video (JPEG, at most 320 px and 200 KB, as Telegram asks). */
  thumb?: FileSource;
  replyTo?: number;
  silent?: boolean;
  replyMarkup?: tl.TypeReplyMarkup;
}

/** Bytes to upload, a file uploadFile already saved, or media already on Telegram to send again. */
export type SendableFile = FileSource | tl.InputFile | tl.InputFileBig | tl.TypePhoto | tl.TypeDocument | tl.TypeMessageMedia;

export async function sendFile(host: FileHost, peer: tl.TypeInputPeer, file: SendableFile, options: SendFileOptions = {}): Promise<tl.Message> {
  const media = await inputMedia(host, file, options);
  const { text, entities } = caption(options);
  const randomId = randomLong();
  // The last point where a cancel leaves nothing behind; once sent, the answer is awaited so the outcome is known.
  options.signal?.throwIfAborted();
  const updates = await host.invoke({
    _: 'messages.sendMedia',
    peer,
    media,
    message: text,
    entities: entities.length ? entities : undefined,
    randomId,
    silent: options.silent,
    replyTo: options.replyTo === undefined ? undefined : { _: 'inputReplyToMessage', replyToMsgId: options.replyTo },
    replyMarkup: options.replyMarkup,
  });
  const [message] = sentMessages(updates, [randomId]);
  if (!message) throw new Error('messages.sendMedia: the answer holds no sent message');
  return message;
}

export interface AlbumItem extends MediaOptions, CaptionOptions {
  file: SendableFile;
  thumb?: FileSource;
}

/** Sends 2 to 10 photos/videos (or documents, or audio) as one album: each uploaded, turned into media, then sent together. */
export async function sendAlbum(host: FileHost, peer: tl.TypeInputPeer, items: AlbumItem[], options: Pick<SendFileOptions, 'replyTo' | 'silent' | 'workers' | 'signal'> = {}): Promise<tl.Message[]> {
  if (items.length < 1 || items.length > 10) throw new FileInputError(`an album holds 1 to 10 items, got ${items.length}`);
  const multiMedia = await Promise.all(
    items.map(async (item): Promise<tl.InputSingleMedia> => {
      let media = await inputMedia(host, item.file, { ...item, workers: options.workers, signal: options.signal });
      if (media._ === 'inputMediaUploadedPhoto' || media._ === 'inputMediaUploadedDocument') {
        media = existingMedia(await host.invoke({ _: 'messages.uploadMedia', peer, media }, { signal: options.signal }));
      }
      const { text, entities } = caption(item);
      return { _: 'inputSingleMedia', media, randomId: randomLong(), message: text, entities: entities.length ? entities : undefined };
    }),
  );
  options.signal?.throwIfAborted();
  const updates = await host.invoke({
    _: 'messages.sendMultiMedia',
    peer,
    multiMedia,
    silent: options.silent,
    replyTo: options.replyTo === undefined ? undefined : { _: 'inputReplyToMessage', replyToMsgId: options.replyTo },
  });
  return sentMessages(
    updates,
    multiMedia.map((m) => m.randomId),
  );
}

async function inputMedia(host: FileHost, file: SendableFile, options: SendFileOptions): Promise<tl.TypeInputMedia> {
  if (isTl(file) && file._ !== 'inputFile' && file._ !== 'inputFileBig') return existingMedia(file);
  const name = options.name ?? (typeof file === 'string' ? undefined : 'file');
  const uploaded = isTl(file) ? file : await uploadFile(host, file, { ...options, name });
  const thumb = options.thumb === undefined ? undefined : await uploadFile(host, options.thumb, { name: 'thumb.jpg', signal: options.signal });
  return uploadedMedia(uploaded, { ...options, name: options.name ?? uploaded.name }, thumb);
}

function isTl(file: SendableFile): file is Exclude<SendableFile, FileSource> {
  return typeof file === 'object' && file !== null && !(file instanceof Uint8Array) && typeof (file as { _?: unknown })._ === 'string';
}

function caption(options: CaptionOptions): FormattedText {
  const c = options.caption;
  if (c === undefined) return { text: '', entities: [] };
  if (isFormattedText(c)) return c;
  if (typeof c !== 'string') throw new FileInputError(`caption must be a string or FormattedText, got ${typeof c}`);
  if (options.parseMode === 'html') return parseHtml(c);
  if (options.parseMode === 'markdown') return parseMarkdown(c);
  return { text: c, entities: [] };
}

/** The messages a send made, in the order of `randomIds` (updateMessageID pairs each random id with its message id). */
export function sentMessages(updates: tl.TypeUpdates, randomIds: bigint[]): tl.Message[] {
  const list = updates._ === 'updates' || updates._ === 'updatesCombined' ? updates.updates : updates._ === 'updateShort' ? [updates.update] : [];
  const idOf = new Map<bigint, number>();
  const byId = new Map<number, tl.Message>();
  for (const u of list) {
    if (u._ === 'updateMessageID') idOf.set(u.randomId, u.id);
    else if ((u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage') && u.message._ === 'message') byId.set(u.message.id, u.message);
  }
  const out: tl.Message[] = [];
  for (const r of randomIds) {
    const id = idOf.get(r);
    const m = id === undefined ? undefined : byId.get(id);
    if (m) out.push(m);
  }
  // Without updateMessageID (not what Telegram sends, but harmless): the new messages in order.
  return out.length ? out : [...byId.values()];
}
