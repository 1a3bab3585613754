/** Raw-TL upload and download loops for the emulator's file tests (the Client's own live in protocol/client/files). */
import { createHash, randomBytes } from 'node:crypto';
import type { tl } from '../../src/schema/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { API, type Links, type RawLink } from './helpers.js';

export const KIB = 1024;
export const MIB = 1024 * 1024;

export const sha256hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
export const md5hex = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
export const randomId = () => randomBytes(8).readBigInt64LE();
export const bytesOf = (n: number) => new Uint8Array(randomBytes(n));

/** A bot logged in on a raw link to `dcId`. */
export async function botLink(emulator: Emulator, links: Links, username: string, dcId = 1): Promise<{ link: RawLink; id: bigint }> {
  const created = emulator.createBot({ username, dcId });
  const link = await links.raw(dcId);
  await link.invoke({ _: 'auth.importBotAuthorization', flags: 0, ...API, botAuthToken: created.token });
  return { link, id: created.userId };
}

/** The same account logged in on another DC, the way a client moves: exportAuthorization, importAuthorization. */
export async function linkOn(links: Links, home: RawLink, dcId: number): Promise<RawLink> {
  const exported = await home.invoke({ _: 'auth.exportAuthorization', dcId });
  const link = await links.raw(dcId);
  await link.invoke({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes });
  return link;
}

export interface UploadOptions {
  partSize?: number;
  /** saveBigFilePart with file_total_parts. Default: from 10 MiB. */
  big?: boolean;
  /** Sends the parts in this order of part numbers (default 0, 1, 2, …), all at once. */
  order?: (count: number) => number[];
  name?: string;
  /** inputFile's md5_checksum. Default ''. */
  md5?: string;
}

/** Uploads `bytes` in parts (concurrently) and returns the InputFile naming them. */
export async function upload(link: RawLink, bytes: Uint8Array, options: UploadOptions = {}): Promise<tl.InputFile | tl.InputFileBig> {
  const partSize = options.partSize ?? 128 * KIB;
  const count = Math.max(1, Math.ceil(bytes.length / partSize));
  const big = options.big ?? bytes.length >= 10 * MIB;
  const fileId = randomId();
  const order = options.order?.(count) ?? [...Array(count).keys()];
  await Promise.all(
    order.map((part) => {
      const chunk = bytes.subarray(part * partSize, (part + 1) * partSize);
      return big
        ? link.invoke({ _: 'upload.saveBigFilePart', fileId, filePart: part, fileTotalParts: count, bytes: chunk })
        : link.invoke({ _: 'upload.saveFilePart', fileId, filePart: part, bytes: chunk });
    }),
  );
  const name = options.name ?? 'file.bin';
  return big ? { _: 'inputFileBig', id: fileId, parts: count, name } : { _: 'inputFile', id: fileId, parts: count, name, md5Checksum: options.md5 ?? '' };
}

/** Downloads `size` bytes of `location` with getFile, `limit` at a time. */
export async function download(link: RawLink, location: tl.TypeInputFileLocation, size: number, limit = 512 * KIB): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  const offsets = [];
  for (let at = 0; at < size; at += limit) offsets.push(at);
  await Promise.all(
    offsets.map(async (at) => {
      const part = await link.invoke({ _: 'upload.getFile', location, offset: BigInt(at), limit });
      if (part._ !== 'upload.file') throw new Error(`expected upload.file, got ${part._}`);
      out.set(part.bytes, at);
    }),
  );
  return out;
}

export const documentLocation = (d: tl.Document, thumbSize = ''): tl.InputDocumentFileLocation => ({
  _: 'inputDocumentFileLocation',
  id: d.id,
  accessHash: d.accessHash,
  fileReference: d.fileReference,
  thumbSize,
});

export const photoLocation = (p: tl.Photo, thumbSize: string): tl.InputPhotoFileLocation => ({
  _: 'inputPhotoFileLocation',
  id: p.id,
  accessHash: p.accessHash,
  fileReference: p.fileReference,
  thumbSize,
});

/** The document of an uploadMedia / message media answer. */
export function documentOf(media: tl.TypeMessageMedia | undefined): tl.Document {
  if (media?._ !== 'messageMediaDocument' || media.document?._ !== 'document') throw new Error(`expected a document, got ${media?._}`);
  return media.document;
}

export function photoOf(media: tl.TypeMessageMedia | undefined): tl.Photo {
  if (media?._ !== 'messageMediaPhoto' || media.photo?._ !== 'photo') throw new Error(`expected a photo, got ${media?._}`);
  return media.photo;
}

/** Uploads `bytes` and turns them into a document with messages.uploadMedia. */
export async function uploadDocument(link: RawLink, bytes: Uint8Array, options: UploadOptions & { mimeType?: string; attributes?: tl.TypeDocumentAttribute[] } = {}): Promise<tl.Document> {
  const file = await upload(link, bytes, options);
  const media = await link.invoke({
    _: 'messages.uploadMedia',
    peer: { _: 'inputPeerSelf' },
    media: { _: 'inputMediaUploadedDocument', file, mimeType: options.mimeType ?? 'application/octet-stream', attributes: options.attributes ?? [] },
  });
  return documentOf(media);
}
