import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { tl } from '../../src/schema/index.js';
import { AesCtr } from '../../src/protocol/crypto/index.js';
import { DcLink } from '../../src/protocol/client/dc-link.js';
import { CDN_DC_ID, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { expectRpcError, Links, type RawLink } from './helpers.js';
import { botLink, bytesOf, documentLocation, KIB, MIB, sha256hex } from './files-helpers.js';

const PIECE = 128 * KIB;

/** What a client does with upload.cdnFile: AES-256-CTR, the IV's last 4 bytes the offset / 16, big-endian. */
function decrypt(redirect: tl.upload.FileCdnRedirect, offset: number, bytes: Uint8Array): Uint8Array {
  const iv = Uint8Array.from(redirect.encryptionIv);
  new DataView(iv.buffer).setUint32(12, offset / 16);
  return new AesCtr(redirect.encryptionKey, iv).update(bytes);
}

describe('emulator: files — the CDN DC', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  const links = new Links(() => emulator);
  const cdnLinks: DcLink[] = [];
  let n = 0;
  let master: RawLink;
  let doc: tl.Document;
  let bytes: Uint8Array;

  before(async () => {
    emulator = await startEmulator();
    bytes = bytesOf(MIB + 300 * KIB);
  });
  beforeEach(async () => {
    const bot = await botLink(emulator, links, `cdn_bot_${++n}`);
    master = bot.link;
    doc = emulator.files.put(bot.id, bytes, { name: 'popular.mp4', mimeType: 'video/mp4', dcId: 1 }) as tl.Document;
    emulator.files.cdn.enabled = true;
  });
  afterEach(async () => {
    emulator.files.reset();
    for (const l of cdnLinks.splice(0)) l.close();
    await links.closeAll();
  });
  after(() => emulator.close());

  /** A connection to the CDN DC, found through help.getConfig and keyed with help.getCdnConfig's key: no login. */
  async function cdnLink(): Promise<DcLink> {
    const config = await master.invoke({ _: 'help.getConfig' });
    const option = config.dcOptions.find((o) => o.cdn)!;
    const keys = await master.invoke({ _: 'help.getCdnConfig' });
    const key = keys.publicKeys.find((k) => k.dcId === option.id)!;
    const link = new DcLink({
      dc: { id: option.id, host: option.ipAddress, port: option.port },
      transport: 'intermediate',
      obfuscated: false,
      publicKeys: [key.publicKey],
      now: Date.now,
      random: (k) => randomBytes(k),
      requestTimeout: 10_000,
      reconnectDelay: { initial: 20, max: 200 },
      onEvent: () => {},
    });
    cdnLinks.push(link);
    await link.ready();
    return link;
  }

  async function redirect(): Promise<tl.upload.FileCdnRedirect> {
    const answer = await master.invoke({ _: 'upload.getFile', cdnSupported: true, location: documentLocation(doc), offset: 0n, limit: MIB });
    if (answer._ !== 'upload.fileCdnRedirect') throw new Error(`expected a redirect, got ${answer._}`);
    return answer;
  }

  const getCdnFile = (link: DcLink, fileToken: Uint8Array, offset: number, limit = PIECE) =>
    link.invoke({ _: 'upload.getCdnFile', fileToken, offset: BigInt(offset), limit }) as Promise<tl.upload.TypeCdnFile>;

  it('help.getConfig lists the CDN DC with cdn: true; help.getCdnConfig gives its own RSA key', async () => {
    const config = await master.invoke({ _: 'help.getConfig' });
    const cdn = config.dcOptions.filter((o) => o.cdn);
    expect(cdn.map((o) => o.id)).to.deep.equal([CDN_DC_ID]);
    const keys = await master.invoke({ _: 'help.getCdnConfig' });
    expect(keys.publicKeys).to.have.length(1);
    expect(keys.publicKeys[0].publicKey).to.match(/^-----BEGIN RSA PUBLIC KEY-----/).and.not.equal(emulator.publicKeyPem);
  });

  it('getFile answers fileCdnRedirect only to clients that support it, and only for documents', async () => {
    const plain = await master.invoke({ _: 'upload.getFile', location: documentLocation(doc), offset: 0n, limit: 4096 });
    expect(plain._).to.equal('upload.file');
    const r = await redirect();
    expect(r.dcId).to.equal(CDN_DC_ID);
    expect(r.encryptionKey).to.have.length(32);
    expect(r.encryptionIv).to.have.length(16);
    expect(r.fileHashes.map((h) => h.offset)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7].map((i) => BigInt(i * PIECE)));
    const photo = emulator.files.put(emulator.createBot({ username: `cdn_photo_${n}`, dcId: 1 }).userId, bytesOf(8 * KIB), { kind: 'photo', dcId: 1 }) as tl.Photo;
    const answer = await master.invoke({ _: 'upload.getFile', cdnSupported: true, location: { _: 'inputPhotoFileLocation', id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: 'x' }, offset: 0n, limit: 8 * KIB });
    expect(answer._).to.equal('upload.file');
  });

  it('the CDN DC serves the file encrypted, without a login; the pieces match the hashes of the master DC', async () => {
    const r = await redirect();
    const cdn = await cdnLink();
    const plain: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += PIECE) {
      const part = await getCdnFile(cdn, r.fileToken, at);
      if (part._ !== 'upload.cdnFile') throw new Error(`expected upload.cdnFile, got ${part._}`);
      expect(part.bytes).to.not.deep.equal(bytes.subarray(at, at + part.bytes.length));
      plain.push(decrypt(r, at, part.bytes));
    }
    expect(sha256hex(Buffer.concat(plain))).to.equal(sha256hex(bytes));

    const hashes = [...r.fileHashes, ...((await master.invoke({ _: 'upload.getCdnFileHashes', fileToken: r.fileToken, offset: BigInt(MIB) })) as tl.FileHash[])];
    expect(hashes).to.have.length(plain.length);
    hashes.forEach((h, i) => expect(Buffer.from(h.hash).toString('hex')).to.equal(sha256hex(plain[i])));
    // A larger range decrypts with the same counter rule.
    const wide = (await getCdnFile(cdn, r.fileToken, 512 * KIB, 512 * KIB)) as tl.upload.CdnFile;
    expect(decrypt(r, 512 * KIB, wide.bytes)).to.deep.equal(bytes.subarray(512 * KIB, MIB));
  });

  it('the CDN DC answers only CDN methods; a token it does not know is FILE_TOKEN_INVALID; the master DC has no getCdnFile', async () => {
    const r = await redirect();
    const cdn = await cdnLink();
    await expectRpcError(cdn.invoke({ _: 'upload.getFile', location: documentLocation(doc), offset: 0n, limit: 4096 }), 400, 'CDN_METHOD_INVALID');
    await expectRpcError(cdn.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }), 400, 'CDN_METHOD_INVALID');
    await expectRpcError(getCdnFile(cdn, bytesOf(32), 0), 400, 'FILE_TOKEN_INVALID');
    await expectRpcError(getCdnFile(cdn, r.fileToken, 1000), 400, 'OFFSET_INVALID');
    await expectRpcError(master.invoke({ _: 'upload.getCdnFile', fileToken: r.fileToken, offset: 0n, limit: PIECE }), 400, 'METHOD_INVALID');
    await expectRpcError(master.invoke({ _: 'upload.getCdnFileHashes', fileToken: bytesOf(32), offset: 0n }), 400, 'FILE_TOKEN_INVALID');
  });

  it('reuploadNeeded: cdnFileReuploadNeeded until the master DC is asked with upload.reuploadCdnFile', async () => {
    emulator.files.cdn.reuploadNeeded = true;
    const r = await redirect();
    const cdn = await cdnLink();
    const first = await getCdnFile(cdn, r.fileToken, 0);
    if (first._ !== 'upload.cdnFileReuploadNeeded') throw new Error(`expected cdnFileReuploadNeeded, got ${first._}`);
    await expectRpcError(master.invoke({ _: 'upload.reuploadCdnFile', fileToken: r.fileToken, requestToken: bytesOf(16) }), 400, 'FILE_TOKEN_INVALID');
    const hashes = (await master.invoke({ _: 'upload.reuploadCdnFile', fileToken: r.fileToken, requestToken: first.requestToken })) as tl.FileHash[];
    expect(hashes[0]).to.include({ offset: 0n, limit: PIECE });
    const part = await getCdnFile(cdn, r.fileToken, 0);
    if (part._ !== 'upload.cdnFile') throw new Error(`expected upload.cdnFile, got ${part._}`);
    expect(decrypt(r, 0, part.bytes)).to.deep.equal(bytes.subarray(0, PIECE));
  });

  it('corruptPart: that piece comes with a flipped byte and fails its hash; the others pass', async () => {
    emulator.files.cdn.corruptPart = 1;
    const r = await redirect();
    const cdn = await cdnLink();
    const verdicts: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const part = (await getCdnFile(cdn, r.fileToken, i * PIECE)) as tl.upload.CdnFile;
      verdicts.push(sha256hex(decrypt(r, i * PIECE, part.bytes)) === Buffer.from(r.fileHashes[i].hash).toString('hex'));
    }
    expect(verdicts).to.deep.equal([true, false, true]);
  });
});
