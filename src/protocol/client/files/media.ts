/**
 * From an uploaded file and what the caller says it is to the InputMedia
 * Telegram takes: a photo, or a document with its attributes (file name,
 * video, audio, voice, sticker) and mime type.
 */
import { extname } from 'node:path';
import type { tl } from '../../../schema/index.js';
import { FileInputError } from './errors.js';

export type MediaKind = 'photo' | 'document' | 'video' | 'audio' | 'voice' | 'sticker';

export interface MediaOptions {
  /** What the file is. Default: a photo for image/jpeg, png or webp names; else by mime type; else a document. */
  kind?: MediaKind;
  name?: string;
  mimeType?: string;
  /** Video, audio and voice: seconds. */
  duration?: number;
  /** Video, sticker: pixels. */
  width?: number;
  height?: number;
  supportsStreaming?: boolean;
  /** A round video message. */
  round?: boolean;
  /** Audio. */
  title?: string;
  performer?: string;
  /** Voice: 5-bit samples, as Telegram's apps draw them. */
  waveform?: Uint8Array;
  /** Sticker: the emoji it stands for. */
  alt?: string;
  /** Attributes beyond these, added as given. */
  attributes?: tl.TypeDocumentAttribute[];
  spoiler?: boolean;
  ttlSeconds?: number;
}

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.tgs': 'application/x-tgsticker',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.zip': 'application/zip',
};

export function guessMimeType(name: string | undefined, kind?: MediaKind): string {
  const byName = name ? MIME[extname(name).toLowerCase()] : undefined;
  if (byName) return byName;
  if (kind === 'voice') return 'audio/ogg';
  if (kind === 'video') return 'video/mp4';
  if (kind === 'audio') return 'audio/mpeg';
  if (kind === 'sticker') return 'image/webp';
  return 'application/octet-stream';
}

/** The kind a file is sent as when the caller does not say. */
export function defaultKind(mimeType: string): MediaKind {
  if (mimeType === 'image/jpeg' || mimeType === 'image/png') return 'photo';
  if (mimeType.startsWith('video/') && mimeType !== 'video/webm') return 'video';
  if (mimeType.startsWith('audio/')) return 'audio';
  return 'document';
}

export function uploadedMedia(file: tl.TypeInputFile, options: MediaOptions, thumb?: tl.TypeInputFile): tl.InputMediaUploadedPhoto | tl.InputMediaUploadedDocument {
  const mimeType = options.mimeType ?? guessMimeType(options.name, options.kind);
  const kind = options.kind ?? defaultKind(mimeType);
  if (kind === 'photo') return { _: 'inputMediaUploadedPhoto', file, spoiler: options.spoiler, ttlSeconds: options.ttlSeconds };
  return {
    _: 'inputMediaUploadedDocument',
    file,
    thumb,
    mimeType,
    attributes: [...attributesFor(kind, options), ...(options.attributes ?? [])],
    forceFile: kind === 'document' ? true : undefined,
    spoiler: options.spoiler,
    ttlSeconds: options.ttlSeconds,
  };
}

function attributesFor(kind: MediaKind, o: MediaOptions): tl.TypeDocumentAttribute[] {
  const out: tl.TypeDocumentAttribute[] = [];
  if (o.name !== undefined) out.push({ _: 'documentAttributeFilename', fileName: o.name });
  const need = (what: string, value: number | undefined) => {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw new FileInputError(`${what} must be a non-negative number, got ${value}`);
    return value ?? 0;
  };
  switch (kind) {
    case 'video':
      out.push({ _: 'documentAttributeVideo', duration: need('duration', o.duration), w: need('width', o.width), h: need('height', o.height), supportsStreaming: o.supportsStreaming, roundMessage: o.round });
      break;
    case 'audio':
      out.push({ _: 'documentAttributeAudio', duration: Math.round(need('duration', o.duration)), title: o.title, performer: o.performer });
      break;
    case 'voice':
      out.push({ _: 'documentAttributeAudio', voice: true, duration: Math.round(need('duration', o.duration)), waveform: o.waveform });
      break;
    case 'sticker':
      out.push({ _: 'documentAttributeSticker', alt: o.alt ?? '', stickerset: { _: 'inputStickerSetEmpty' } });
      if (o.width !== undefined || o.height !== undefined) out.push({ _: 'documentAttributeImageSize', w: need('width', o.width), h: need('height', o.height) });
      break;
  }
  return out;
}

/** Media already on Telegram, sent again by id (no upload). */
export function existingMedia(media: tl.TypePhoto | tl.TypeDocument | tl.TypeMessageMedia): tl.InputMediaPhoto | tl.InputMediaDocument {
  if (media._ === 'messageMediaPhoto' && media.photo) return existingMedia(media.photo);
  if (media._ === 'messageMediaDocument' && media.document) return existingMedia(media.document);
  if (media._ === 'photo') return { _: 'inputMediaPhoto', id: { _: 'inputPhoto', id: media.id, accessHash: media.accessHash, fileReference: media.fileReference } };
  if (media._ === 'document') return { _: 'inputMediaDocument', id: { _: 'inputDocument', id: media.id, accessHash: media.accessHash, fileReference: media.fileReference } };
  throw new FileInputError(`${media._} cannot be sent again: it is not a photo or a document`);
}
