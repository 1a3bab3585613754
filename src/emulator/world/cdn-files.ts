/**
 * Files served through the CDN DC (core.telegram.org/cdn): the master DC
 * answers upload.getFile with a redirect (a file token, an AES-256-CTR key
 * and IV, the first hashes); the CDN DC serves the bytes encrypted, the IV's
 * last 4 bytes replaced by offset / 16 (big-endian); hashes are of the
 * plain bytes, in 128 KiB pieces, from the master DC.
 */
import type { tl } from '../../schema/index.js';
import { AesCtr } from '../../protocol/crypto/index.js';
import type { DcAddress } from '../options.js';
import { fileError } from './file-error.js';
import { HASH_PIECE, type StoredFile } from './stored-file.js';

/** The CDN DC's id, as Telegram numbers its CDN DCs (from 200). */
export const CDN_DC_ID = 203;

/** `emulator.files.cdn`: tests turn these. */
export interface CdnKnobs {
  /** upload.getFile of a document, from a client that sets cdn_supported, answers fileCdnRedirect. Default false. */
  enabled: boolean;
  /** The 128 KiB piece with this index comes from the CDN with a byte flipped, so its hash check fails. */
  corruptPart?: number;
  /** Each file token's first upload.getCdnFile answers cdnFileReuploadNeeded, until upload.reuploadCdnFile. */
  reuploadNeeded?: boolean;
}

interface CdnToken {
  file: StoredFile;
  token: Uint8Array;
  key: Uint8Array;
  iv: Uint8Array;
  /** Whether the master DC has put the file on the CDN (reuploadNeeded holds files back until asked). */
  uploaded: boolean;
  requestToken?: Uint8Array;
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

export class CdnFiles {
  readonly knobs: CdnKnobs = { enabled: false };
  /** Where the CDN DC listens, and its RSA key (help.getConfig, help.getCdnConfig). */
  address?: DcAddress;
  publicKeyPem?: string;
  private readonly byToken = new Map<string, CdnToken>();
  private readonly byFile = new Map<bigint, CdnToken>();

  constructor(private readonly random: (n: number) => Uint8Array) {}

  /** upload.fileCdnRedirect for `file`: one token per file, reused. */
  redirect(file: StoredFile): tl.upload.FileCdnRedirect {
    let t = this.byFile.get(file.id);
    if (!t) {
      t = { file, token: Uint8Array.from(this.random(32)), key: Uint8Array.from(this.random(32)), iv: Uint8Array.from(this.random(16)), uploaded: false };
      this.byFile.set(file.id, t);
      this.byToken.set(hex(t.token), t);
    }
    return { _: 'upload.fileCdnRedirect', dcId: CDN_DC_ID, fileToken: t.token, encryptionKey: t.key, encryptionIv: t.iv, fileHashes: file.hashesFrom(0) };
  }

  /** upload.getCdnFile on the CDN DC: the encrypted range, or a request to have the file re-uploaded. */
  serve(fileToken: Uint8Array, offset: number, limit: number): tl.upload.TypeCdnFile {
    const t = this.token(fileToken);
    if (this.knobs.reuploadNeeded && !t.uploaded) {
      t.requestToken ??= Uint8Array.from(this.random(16));
      return { _: 'upload.cdnFileReuploadNeeded', requestToken: t.requestToken };
    }
    const plain = t.file.content.read(offset, limit);
    const corrupt = this.knobs.corruptPart;
    if (corrupt !== undefined) {
      const at = Math.max(corrupt * HASH_PIECE, offset) - offset;
      if (at < plain.length && at < (corrupt + 1) * HASH_PIECE - offset) plain[at] ^= 0xff;
    }
    const iv = Uint8Array.from(t.iv);
    new DataView(iv.buffer).setUint32(12, offset / 16);
    return { _: 'upload.cdnFile', bytes: new AesCtr(t.key, iv).update(plain) };
  }

  /** upload.reuploadCdnFile on the master DC: the file is (again) on the CDN; answers its first hashes. */
  reupload(fileToken: Uint8Array, requestToken: Uint8Array): tl.FileHash[] {
    const t = this.token(fileToken);
    if (t.requestToken && hex(t.requestToken) !== hex(requestToken)) throw fileError('FILE_TOKEN_INVALID');
    t.uploaded = true;
    t.requestToken = undefined;
    return t.file.hashesFrom(0);
  }

  /** upload.getCdnFileHashes on the master DC: 1 MiB worth of piece hashes from `offset`. */
  hashes(fileToken: Uint8Array, offset: number): tl.FileHash[] {
    return this.token(fileToken).file.hashesFrom(offset);
  }

  reset(): void {
    this.knobs.enabled = false;
    this.knobs.corruptPart = undefined;
    this.knobs.reuploadNeeded = undefined;
  }

  private token(fileToken: Uint8Array): CdnToken {
    const t = fileToken instanceof Uint8Array ? this.byToken.get(hex(fileToken)) : undefined;
    if (!t) throw fileError('FILE_TOKEN_INVALID');
    return t;
  }
}
