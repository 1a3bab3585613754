/**
 * messages.sendMedia, sendMultiMedia and uploadMedia: uploaded parts become
 * stored documents and photos (on the DC they were uploaded to), existing
 * ones are sent again by id, access_hash and a live file_reference; the
 * message goes into the world through `activity.post`, like every message.
 */
import type { tl } from '../../schema/index.js';
import { filesOf } from '../world/files.js';
import type { MessageContent } from '../world/messages.js';
import type { StoredFile } from '../world/stored-file.js';
import { loggedIn, RpcFailure, type CallContext } from './context.js';
import { checkReference, fileRules } from './file-locations.js';
import { checkedContent, replyToOf, writableTarget } from './messages.js';
import { asCaller, sentUpdates } from './own-updates.js';
import { peerRefOf } from './peers.js';

/** Telegram's album limit. */
const MAX_ALBUM = 10;

/** messages.sendMedia: one message with a document or photo and a caption. */
export function sendMedia(ctx: CallContext, req: tl.messages.SendMediaRequest): tl.TypeUpdates {
  const me = loggedIn(ctx).id;
  const to = writableTarget(ctx, req.peer);
  const content = checkedContent(ctx, { text: req.message, entities: req.entities, replyMarkup: req.replyMarkup, silent: req.silent }, true);
  content.replyTo = replyToOf(req.replyTo);
  const activity = ctx.world.activity;
  if (activity.messages.recall(me, req.randomId)) throw new RpcFailure(500, 'RANDOM_ID_DUPLICATE');
  content.media = mediaOf(ctx, req.media);
  const answered = asCaller(ctx, () => activity.post({ from: me, to, content }));
  activity.messages.remember(me, req.randomId);
  return sentUpdates(ctx, answered, [answered.value], [req.randomId]);
}

/**
 * messages.sendMultiMedia: an album of up to 10 messages sharing a
 * grouped_id, pushed in one container. As on Telegram, each item must be an
 * inputMediaPhoto / inputMediaDocument (uploaded first with
 * messages.uploadMedia); uploaded files directly answer MEDIA_INVALID.
 */
export function sendMultiMedia(ctx: CallContext, req: tl.messages.SendMultiMediaRequest): tl.TypeUpdates {
  const me = loggedIn(ctx).id;
  const to = writableTarget(ctx, req.peer);
  const items = req.multiMedia;
  if (!Array.isArray(items) || items.length === 0) throw new RpcFailure(400, 'MEDIA_EMPTY');
  if (items.length > MAX_ALBUM) throw new RpcFailure(400, 'MULTI_MEDIA_TOO_LONG');
  const randomIds = items.map((i) => i.randomId);
  if (new Set(randomIds).size !== randomIds.length) throw new RpcFailure(400, 'RANDOM_ID_INVALID');
  const activity = ctx.world.activity;
  if (randomIds.some((r) => activity.messages.recall(me, r))) throw new RpcFailure(500, 'RANDOM_ID_DUPLICATE');
  const replyTo = replyToOf(req.replyTo);
  const contents: MessageContent[] = items.map((item) => {
    if (item.media._ !== 'inputMediaPhoto' && item.media._ !== 'inputMediaDocument') throw new RpcFailure(400, 'MEDIA_INVALID');
    const content = checkedContent(ctx, { text: item.message, entities: item.entities, silent: req.silent }, true);
    content.media = mediaOf(ctx, item.media);
    content.replyTo = replyTo;
    return content;
  });
  const groupedId = BigInt.asUintN(63, new DataView(Uint8Array.from(ctx.world.random(8)).buffer).getBigUint64(0)) || 1n;
  const answered = asCaller(ctx, () =>
    activity.batch(() =>
      contents.map((content, i) => {
        const s = activity.post({ from: me, to, content: { ...content, groupedId } });
        activity.messages.remember(me, randomIds[i]);
        return s;
      }),
    ),
  );
  return sentUpdates(ctx, answered, answered.value, randomIds);
}

/** messages.uploadMedia: the stored media, posted nowhere (for albums, or to send later by id). */
export function uploadMedia(ctx: CallContext, req: tl.messages.UploadMediaRequest): tl.TypeMessageMedia {
  peerRefOf(ctx, req.peer);
  return mediaOf(ctx, req.media);
}

/** The messageMedia an InputMedia stands for: a new stored file, or an existing one checked by its reference. */
export function mediaOf(ctx: CallContext, input: tl.TypeInputMedia): tl.MessageMediaDocument | tl.MessageMediaPhoto {
  const me = loggedIn(ctx).id;
  const files = filesOf(ctx.world);
  switch (input?._) {
    case 'inputMediaUploadedDocument': {
      const content = fileRules(() => files.uploads.take(me, ctx.dcId, input.file));
      const attributes = (input.attributes ?? []).filter((a) => a._ !== 'documentAttributeHasStickers');
      const file = files.store(content, ctx.dcId, { kind: 'document', name: 'name' in input.file ? input.file.name : undefined, mimeType: input.mimeType, attributes });
      return files.media(file, { spoiler: input.spoiler, ttlSeconds: input.ttlSeconds });
    }
    case 'inputMediaUploadedPhoto': {
      const content = fileRules(() => files.uploads.take(me, ctx.dcId, input.file));
      return files.media(files.store(content, ctx.dcId, { kind: 'photo' }), { spoiler: input.spoiler, ttlSeconds: input.ttlSeconds });
    }
    case 'inputMediaDocument': {
      if (input.id._ !== 'inputDocument') throw new RpcFailure(400, 'MEDIA_EMPTY');
      const file = existing(ctx, 'document', input.id);
      return files.media(file, { spoiler: input.spoiler, ttlSeconds: input.ttlSeconds });
    }
    case 'inputMediaPhoto': {
      if (input.id._ !== 'inputPhoto') throw new RpcFailure(400, 'MEDIA_EMPTY');
      return files.media(existing(ctx, 'photo', input.id), { spoiler: input.spoiler, ttlSeconds: input.ttlSeconds });
    }
    default:
      throw new RpcFailure(400, 'MEDIA_INVALID');
  }
}

/** A stored document or photo named by id and access_hash, with a file_reference that is good now. */
function existing(ctx: CallContext, kind: 'document' | 'photo', id: tl.InputDocument | tl.InputPhoto): StoredFile {
  const files = filesOf(ctx.world);
  const file = files.file(id.id);
  if (!file || file.kind !== kind || file.accessHash !== id.accessHash) throw new RpcFailure(400, 'MEDIA_INVALID');
  checkReference(files, file, id.fileReference);
  return file;
}
