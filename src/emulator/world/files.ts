/**
 * The files of the world: uploads in progress, stored documents and photos
 * (each on one DC), file references, profile photos and the CDN. The RPC
 * handlers (rpc/upload.ts, rpc/media.ts, rpc/photos.ts) work on it;
 * `emulator.files` is it, for tests: `put`, `send`, `stored`,
 * `expireReferences`, `expireReferencesAfter`, `cdn`, `reset`.
 *
 * Documents and photos are rendered with a live file_reference (read when
 * encoded): a stored message, re-fetched with messages.getMessages or
 * getDifference, always carries the current reference, while the copies a
 * client already holds go stale on `expireReferences()`.
 */
import type { tl } from '../../schema/index.js';
import type { PeerRef, SentMessage } from './activity.js';
import { CdnFiles, type CdnKnobs } from './cdn-files.js';
import { ChunkedBytes } from './chunked-bytes.js';
import { FileReferences } from './file-references.js';
import { StoredFile, type PhotoSizeSpec } from './stored-file.js';
import { Uploads } from './uploads.js';
import type { World } from './world.js';

export interface PutOptions {
  /** Default 'document'. */
  kind?: 'document' | 'photo';
  /** Documents: a documentAttributeFilename. */
  name?: string;
  /** Documents. Default application/octet-stream. */
  mimeType?: string;
  /** The DC holding the file. Default: the owner's home DC. */
  dcId?: number;
  /** Documents: more attributes (video, audio, sticker, …). */
  attributes?: tl.TypeDocumentAttribute[];
}

export interface SendFile extends PutOptions {
  from: bigint;
  to: PeerRef;
  bytes: Uint8Array;
  /** The caption. Default ''. */
  text?: string;
  entities?: tl.TypeMessageEntity[];
}

export interface SentFile extends SentMessage {
  /** The message's media, with the file reference the message was sent with. */
  media: tl.TypeMessageMedia;
}

/** Message photos: a 90 px and a 320 px size (prefixes of the bytes, see PhotoSizeSpec) and the bytes as 800 px. */
const MESSAGE_PHOTO = [
  { type: 's', side: 90, share: 16 },
  { type: 'm', side: 320, share: 4 },
  { type: 'x', side: 800, share: 1 },
];
/** Profile photos: 'a' (160 px, the small one of inputPeerPhotoFileLocation) and 'c' (640 px, big). */
const PROFILE_PHOTO = [
  { type: 'a', side: 160, share: 16 },
  { type: 'c', side: 640, share: 1 },
];

const registry = new WeakMap<World, Files>();

/** The files of `world` (kept beside it: World itself is messaging's file). */
export function filesOf(world: World): Files {
  let files = registry.get(world);
  if (!files) {
    files = new Files(world);
    registry.set(world, files);
  }
  return files;
}

export class Files {
  readonly uploads = new Uploads();
  readonly references: FileReferences;
  readonly cdnFiles: CdnFiles;
  private readonly files = new Map<bigint, StoredFile>();
  /** Each account's profile photos, newest first. */
  private readonly profilePhotos = new Map<bigint, StoredFile[]>();

  constructor(private readonly world: World) {
    this.references = new FileReferences(Uint8Array.from(world.random(32)));
    this.cdnFiles = new CdnFiles(world.random);
  }

  // ---- knobs (emulator.files) ----

  /** Stores `bytes` as a document (or photo) of `owner` and returns it as Telegram would hand it out. */
  put(owner: bigint, bytes: Uint8Array, options: PutOptions = {}): tl.Document | tl.Photo {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('files.put: bytes must be a Uint8Array');
    const account = this.world.accounts.get(owner);
    if (!account) throw new Error(`files.put: there is no account ${owner}`);
    const file = this.store(ChunkedBytes.of(bytes), options.dcId ?? account.dcId, options);
    return snapshot(file.kind === 'photo' ? this.photo(file) : this.document(file));
  }

  /** Posts a message from `from` to `to` carrying `bytes` as a document or photo. */
  send(options: SendFile): SentFile {
    const { from, to, bytes } = options;
    if (!(bytes instanceof Uint8Array)) throw new TypeError('files.send: bytes must be a Uint8Array');
    const account = this.world.accounts.get(from);
    if (!account) throw new Error(`files.send: there is no account ${from}`);
    const file = this.store(ChunkedBytes.of(bytes), options.dcId ?? account.dcId, options);
    const media = this.media(file);
    const sent = this.world.activity.post({ from, to, content: { text: options.text ?? '', entities: options.entities, media } });
    return { ...sent, media: snapshot(media) };
  }

  /** The bytes of a stored document or photo (its largest size), or undefined. */
  stored(fileId: bigint): Uint8Array | undefined {
    return this.files.get(fileId)?.content.all();
  }

  /** Every file reference handed out so far now answers FILE_REFERENCE_EXPIRED; re-fetching the origin gives a fresh one. */
  expireReferences(): void {
    this.references.expire();
  }

  /** Expires every reference once `parts` more upload.getFile calls have been answered (a download breaks midway). */
  expireReferencesAfter(parts: number): void {
    this.references.expireAfter(parts);
  }

  /** The CDN knobs: `enabled`, `corruptPart`, `reuploadNeeded`. */
  get cdn(): CdnKnobs {
    return this.cdnFiles.knobs;
  }

  /** CDN knobs off, no pending expireReferencesAfter. Stored files stay. */
  reset(): void {
    this.cdnFiles.reset();
    this.references.reset();
  }

  // ---- for the RPC handlers ----

  /** Keeps `content` as a new file on `dcId`. */
  store(content: ChunkedBytes, dcId: number, options: PutOptions & { profile?: boolean } = {}): StoredFile {
    const kind = options.kind ?? 'document';
    const attributes = [...(options.attributes ?? [])];
    if (kind === 'document' && options.name && !attributes.some((a) => a._ === 'documentAttributeFilename')) {
      attributes.push({ _: 'documentAttributeFilename', fileName: options.name });
    }
    const file = new StoredFile({
      id: this.newId(),
      accessHash: this.randomLong(),
      dcId,
      date: Math.floor(this.world.now() / 1000),
      kind,
      content,
      mimeType: kind === 'photo' ? 'image/jpeg' : options.mimeType || 'application/octet-stream',
      attributes,
      sizes: kind === 'photo' ? photoSizes(content.size, options.profile ? PROFILE_PHOTO : MESSAGE_PHOTO) : [],
    });
    this.files.set(file.id, file);
    return file;
  }

  file(id: bigint): StoredFile | undefined {
    return this.files.get(id);
  }

  /** The document, with a live file_reference. */
  document(file: StoredFile): tl.Document {
    const doc = { _: 'document', id: file.id, accessHash: file.accessHash, date: file.date, mimeType: file.mimeType, size: BigInt(file.size), dcId: file.dcId, attributes: file.attributes };
    return this.withLiveReference(doc, file.id) as tl.Document;
  }

  /** The photo, with a live file_reference. */
  photo(file: StoredFile): tl.Photo {
    const sizes: tl.PhotoSize[] = file.sizes.map((s) => ({ _: 'photoSize', type: s.type, w: s.w, h: s.h, size: s.length }));
    const photo = { _: 'photo', id: file.id, accessHash: file.accessHash, date: file.date, sizes, dcId: file.dcId };
    return this.withLiveReference(photo, file.id) as tl.Photo;
  }

  /** messageMediaDocument (with video / round / voice from the attributes) or messageMediaPhoto. */
  media(file: StoredFile, extra: { spoiler?: boolean; ttlSeconds?: number } = {}): tl.MessageMediaDocument | tl.MessageMediaPhoto {
    if (file.kind === 'photo') return { _: 'messageMediaPhoto', photo: this.photo(file), ...defined(extra) };
    const media: tl.MessageMediaDocument = { _: 'messageMediaDocument', document: this.document(file), ...defined(extra) };
    for (const a of file.attributes) {
      if (a._ === 'documentAttributeVideo') {
        media.video = true;
        if (a.roundMessage) media.round = true;
      }
      if (a._ === 'documentAttributeAudio' && a.voice) media.voice = true;
    }
    return media;
  }

  /** An account's profile photos, newest (the current one) first. */
  profilePhotosOf(userId: bigint): readonly StoredFile[] {
    return this.profilePhotos.get(userId) ?? [];
  }

  /** Makes `file` the account's current profile photo. */
  setProfilePhoto(userId: bigint, file: StoredFile): void {
    this.profilePhotos.set(userId, [file, ...this.profilePhotosOf(userId)]);
  }

  private withLiveReference(object: object, id: bigint): object {
    return Object.defineProperty(object, 'fileReference', { enumerable: true, get: () => this.references.current(id) });
  }

  private newId(): bigint {
    let id: bigint;
    do id = BigInt.asUintN(63, this.randomLong());
    while (id === 0n || this.files.has(id));
    return id;
  }

  private randomLong(): bigint {
    return new DataView(Uint8Array.from(this.world.random(8)).buffer).getBigInt64(0, true);
  }
}

function photoSizes(length: number, specs: typeof MESSAGE_PHOTO): PhotoSizeSpec[] {
  return specs.map((s) => ({ type: s.type, w: s.side, h: s.side, length: Math.ceil(length / s.share) }));
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A plain copy (the reference as of now), for handing to a test: it does not refresh itself. */
function snapshot<T extends object>(o: T): T {
  const copy = { ...o } as Record<string, unknown>;
  for (const key of ['document', 'photo'] as const) {
    if (copy[key] && typeof copy[key] === 'object') copy[key] = { ...(copy[key] as object) };
  }
  return copy as T;
}
