import { expect } from 'chai';
import type { tl } from '../../src/schema/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { expectRpcError, Links, sendCodeRequest, until, type RawLink } from './helpers.js';
import { botLink, bytesOf, documentLocation, documentOf, download, KIB, photoLocation, photoOf, randomId, sha256hex, upload, uploadDocument } from './files-helpers.js';

interface Account {
  link: RawLink;
  id: bigint;
}

/** The new messages of an answer or a push, in order. */
function newMessages(u: tl.TypeUpdates | undefined): tl.Message[] {
  if (!u || (u._ !== 'updates' && u._ !== 'updatesCombined')) return [];
  return u.updates.flatMap((x) => (x._ === 'updateNewMessage' || x._ === 'updateNewChannelMessage') && x.message._ === 'message' ? [x.message] : []);
}

describe('emulator: files — media messages and file references', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  const links = new Links(() => emulator);
  let n = 0;
  let bot: Account;
  let user: Account;
  /** The bot, as the user names it. */
  let botPeer: tl.InputPeerUser;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(async () => {
    bot = await botLink(emulator, links, `media_bot_${++n}`);
    const phone = `+99968${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(4, '0')}`;
    const { userId } = emulator.createUser({ phone, firstName: 'Mia', dcId: 1 });
    const link = await links.raw(1);
    const sent = (await link.invoke(sendCodeRequest(phone))) as tl.auth.SentCode;
    await link.invoke({ _: 'auth.signIn', phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: emulator.lastLoginCode(phone) });
    user = { link, id: userId };
    const resolved = await link.invoke({ _: 'contacts.resolveUsername', username: `media_bot_${n}` });
    const b = resolved.users[0] as tl.User;
    botPeer = { _: 'inputPeerUser', userId: b.id, accessHash: b.accessHash! };
  });
  afterEach(async () => {
    emulator.files.reset();
    await links.closeAll();
  });
  after(() => emulator.close());

  /** The bot's copy of the last message it was sent, fetched again with messages.getMessages. */
  async function refetch(id: number): Promise<tl.Message> {
    const got = (await bot.link.invoke({ _: 'messages.getMessages', id: [{ _: 'inputMessageID', id }] })) as tl.messages.Messages;
    return got.messages[0] as tl.Message;
  }

  it('sendMedia with an uploaded document: a caption, its attributes, and the bot receives and downloads it', async () => {
    const bytes = bytesOf(200 * KIB + 7);
    const file = await upload(user.link, bytes, { partSize: 32 * KIB, name: 'clip.mp4' });
    const attributes: tl.TypeDocumentAttribute[] = [{ _: 'documentAttributeVideo', roundMessage: true, duration: 3, w: 240, h: 240 }];
    const answer = await user.link.invoke({
      _: 'messages.sendMedia',
      peer: botPeer,
      media: { _: 'inputMediaUploadedDocument', file, mimeType: 'video/mp4', attributes },
      message: 'look',
      entities: [{ _: 'messageEntityBold', offset: 0, length: 4 }],
      randomId: randomId(),
    });
    const [mine] = newMessages(answer);
    expect(mine).to.deep.include({ message: 'look', out: true, entities: [{ _: 'messageEntityBold', offset: 0, length: 4 }] });
    expect(mine.media).to.deep.include({ _: 'messageMediaDocument', video: true, round: true });
    const doc = documentOf(mine.media);
    expect(doc).to.include({ mimeType: 'video/mp4', size: BigInt(bytes.length), dcId: 1 });
    expect(doc.attributes).to.have.length(2);
    expect(doc.attributes[0]).to.deep.include({ _: 'documentAttributeVideo', roundMessage: true, duration: 3, w: 240, h: 240 });
    expect(doc.attributes[1]).to.deep.equal({ _: 'documentAttributeFilename', fileName: 'clip.mp4' });

    await until(() => bot.link.updates.length > 0, 'the push to the bot');
    const pushed = bot.link.updates[0];
    const got = pushed._ === 'updateShortMessage' ? undefined : newMessages(pushed)[0];
    expect(got?.message).to.equal('look');
    const theirs = documentOf(got!.media);
    expect(theirs.id).to.equal(doc.id);
    expect(sha256hex(await download(bot.link, documentLocation(theirs), bytes.length, 64 * KIB))).to.equal(sha256hex(bytes));
  });

  it('sendMedia with an uploaded photo: messageMediaPhoto with its sizes', async () => {
    const bytes = bytesOf(48 * KIB);
    const file = await upload(user.link, bytes, { partSize: 16 * KIB, name: 'cat.jpg' });
    const answer = await user.link.invoke({ _: 'messages.sendMedia', peer: botPeer, media: { _: 'inputMediaUploadedPhoto', file, spoiler: true }, message: '', randomId: randomId() });
    const [mine] = newMessages(answer);
    expect(mine.media).to.deep.include({ _: 'messageMediaPhoto', spoiler: true });
    const photo = photoOf(mine.media);
    expect(photo.sizes.map((s) => (s as tl.PhotoSize).type)).to.deep.equal(['s', 'm', 'x']);
    expect(await download(user.link, photoLocation(photo, 'x'), bytes.length, 16 * KIB)).to.deep.equal(bytes);
    expect(await download(user.link, photoLocation(photo, 's'), 3 * KIB, 4 * KIB)).to.deep.equal(bytes.subarray(0, 3 * KIB));
  });

  it('an existing document sent again by id; once its reference expired, sendMedia and getFile refuse it until the message is fetched again', async () => {
    const doc = await uploadDocument(user.link, bytesOf(20 * KIB), { name: 'a.bin' });
    const input = (d: tl.Document): tl.InputMediaDocument => ({ _: 'inputMediaDocument', id: { _: 'inputDocument', id: d.id, accessHash: d.accessHash, fileReference: d.fileReference } });
    const first = await user.link.invoke({ _: 'messages.sendMedia', peer: botPeer, media: input(doc), message: 'again', randomId: randomId() });
    expect(documentOf(newMessages(first)[0].media).id).to.equal(doc.id);
    await until(() => bot.link.updates.length > 0, 'the push to the bot');
    const botCopy = newMessages(bot.link.updates[0])[0];
    const held = documentOf(botCopy.media);

    emulator.files.expireReferences();
    await expectRpcError(user.link.invoke({ _: 'messages.sendMedia', peer: botPeer, media: input(doc), message: '', randomId: randomId() }), 400, 'FILE_REFERENCE_EXPIRED');
    await expectRpcError(bot.link.invoke({ _: 'upload.getFile', location: documentLocation(held), offset: 0n, limit: 4096 }), 400, 'FILE_REFERENCE_EXPIRED');

    const fresh = documentOf((await refetch(botCopy.id)).media);
    expect(fresh.fileReference).to.not.deep.equal(held.fileReference);
    const part = await bot.link.invoke({ _: 'upload.getFile', location: documentLocation(fresh), offset: 0n, limit: 4096 });
    expect((part as tl.upload.File).bytes).to.have.length(4096);
    await bot.link.invoke({ _: 'messages.sendMedia', peer: { _: 'inputPeerUser', userId: user.id, accessHash: (bot.link.updates[0] as tl.Updates).users.map((u) => u as tl.User).find((u) => u.id === user.id)!.accessHash! }, media: input(fresh), message: '', randomId: randomId() });
  });

  it('expireReferencesAfter(n): a download breaks after n answers and resumes with the re-fetched reference', async () => {
    const bytes = bytesOf(40 * KIB);
    const sent = emulator.files.send({ from: user.id, to: { user: bot.id }, bytes, name: 'log.txt', text: 'file' });
    expect(sent.media._).to.equal('messageMediaDocument');
    const botId = sent.ids.get(bot.id)!;
    let doc = documentOf((await refetch(botId)).media);
    emulator.files.expireReferencesAfter(2);
    const got: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 8 * KIB) {
      const ask = () => bot.link.invoke({ _: 'upload.getFile', location: documentLocation(doc), offset: BigInt(at), limit: 8 * KIB });
      if (at === 16 * KIB) {
        await expectRpcError(ask(), 400, 'FILE_REFERENCE_EXPIRED');
        doc = documentOf((await refetch(botId)).media);
      }
      got.push(((await ask()) as tl.upload.File).bytes);
    }
    expect(Buffer.concat(got)).to.deep.equal(Buffer.from(bytes));
  });

  it('a channel post: channels.getMessages is the origin that refreshes its reference', async () => {
    const { channelId } = emulator.updates.createChannel({ creator: user.id, title: 'files', members: [bot.id] });
    const sent = emulator.files.send({ from: user.id, to: { channel: channelId }, bytes: bytesOf(5 * KIB), kind: 'photo' });
    const held = photoOf(sent.media);
    emulator.files.expireReferences();
    await expectRpcError(bot.link.invoke({ _: 'upload.getFile', location: photoLocation(held, 'x'), offset: 0n, limit: 8 * KIB }), 400, 'FILE_REFERENCE_EXPIRED');
    const channel = emulator.updates.inputChannel(bot.id, channelId);
    const again = (await bot.link.invoke({ _: 'channels.getMessages', channel, id: [{ _: 'inputMessageID', id: sent.id }] })) as tl.messages.ChannelMessages;
    const photo = photoOf((again.messages[0] as tl.Message).media);
    const part = (await bot.link.invoke({ _: 'upload.getFile', location: photoLocation(photo, 'x'), offset: 0n, limit: 8 * KIB })) as tl.upload.File;
    expect(part.bytes).to.deep.equal(emulator.files.stored(photo.id));
  });

  it('sendMultiMedia: an album of uploaded-then-sent media shares a grouped_id and reaches the bot in one push', async () => {
    const media: tl.TypeMessageMedia[] = [];
    for (let i = 0; i < 3; i++) {
      const file = await upload(user.link, bytesOf(6 * KIB), { partSize: 2 * KIB });
      media.push(await user.link.invoke({ _: 'messages.uploadMedia', peer: botPeer, media: { _: 'inputMediaUploadedPhoto', file } }));
    }
    const items: tl.InputSingleMedia[] = media.map((m, i) => {
      const p = photoOf(m);
      return { _: 'inputSingleMedia', media: { _: 'inputMediaPhoto', id: { _: 'inputPhoto', id: p.id, accessHash: p.accessHash, fileReference: p.fileReference } }, randomId: randomId(), message: `photo ${i}` };
    });
    const answer = await user.link.invoke({ _: 'messages.sendMultiMedia', peer: botPeer, multiMedia: items });
    const mine = newMessages(answer);
    expect(mine.map((m) => m.message)).to.deep.equal(['photo 0', 'photo 1', 'photo 2']);
    expect(new Set(mine.map((m) => m.groupedId)).size).to.equal(1);
    expect(mine[0].groupedId).to.be.a('bigint');
    expect((answer as tl.Updates).updates.filter((u) => u._ === 'updateMessageID')).to.have.length(3);

    await until(() => bot.link.updates.some((u) => newMessages(u).length > 0), 'the album');
    expect(bot.link.updates).to.have.length(1);
    const theirs = newMessages(bot.link.updates[0]);
    expect(theirs.map((m) => photoOf(m.media).id)).to.deep.equal(media.map((m) => photoOf(m).id));
  });

  it('sendMultiMedia refuses uploaded files (MEDIA_INVALID), more than 10 items, and repeated random ids', async () => {
    const file = await upload(user.link, bytesOf(KIB));
    const single = (media: tl.TypeInputMedia): tl.InputSingleMedia => ({ _: 'inputSingleMedia', media, randomId: randomId(), message: '' });
    await expectRpcError(user.link.invoke({ _: 'messages.sendMultiMedia', peer: botPeer, multiMedia: [single({ _: 'inputMediaUploadedPhoto', file })] }), 400, 'MEDIA_INVALID');
    const doc = await uploadDocument(user.link, bytesOf(KIB));
    const again = (): tl.InputSingleMedia => single({ _: 'inputMediaDocument', id: { _: 'inputDocument', id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference } });
    await expectRpcError(user.link.invoke({ _: 'messages.sendMultiMedia', peer: botPeer, multiMedia: Array.from({ length: 11 }, again) }), 400, 'MULTI_MEDIA_TOO_LONG');
    const twin = again();
    await expectRpcError(user.link.invoke({ _: 'messages.sendMultiMedia', peer: botPeer, multiMedia: [twin, twin] }), 400, 'RANDOM_ID_INVALID');
    await expectRpcError(user.link.invoke({ _: 'messages.sendMedia', peer: botPeer, media: { _: 'inputMediaDocument', id: { _: 'inputDocument', id: doc.id, accessHash: 1n, fileReference: doc.fileReference } }, message: '', randomId: randomId() }), 400, 'MEDIA_INVALID');
  });

  it('profile photos: uploadProfilePhoto, getUserPhotos as the origin, inputPeerPhotoFileLocation big and small', async () => {
    const bytes = bytesOf(32 * KIB);
    const file = await upload(user.link, bytes, { partSize: 8 * KIB });
    const set = await user.link.invoke({ _: 'photos.uploadProfilePhoto', file });
    const photo = set.photo as tl.Photo;
    expect(photo.sizes.map((s) => (s as tl.PhotoSize).type)).to.deep.equal(['a', 'c']);
    const peer: tl.InputPeerUser = { _: 'inputPeerUser', userId: user.id, accessHash: 0n };
    const resolved = await bot.link.invoke({ _: 'contacts.resolvePhone', phone: ((await user.link.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })) as tl.User[])[0].phone! });
    peer.accessHash = (resolved.users[0] as tl.User).accessHash!;
    // The user object names its current profile photo, as Telegram's does.
    expect((resolved.users[0] as tl.User).photo).to.deep.include({ _: 'userProfilePhoto', photoId: photo.id, dcId: photo.dcId });

    const big = (await bot.link.invoke({ _: 'upload.getFile', location: { _: 'inputPeerPhotoFileLocation', big: true, peer, photoId: photo.id }, offset: 0n, limit: 64 * KIB })) as tl.upload.File;
    expect(big.bytes).to.deep.equal(bytes);
    const small = (await bot.link.invoke({ _: 'upload.getFile', location: { _: 'inputPeerPhotoFileLocation', peer, photoId: photo.id }, offset: 0n, limit: 64 * KIB })) as tl.upload.File;
    expect(small.bytes).to.deep.equal(bytes.subarray(0, 2 * KIB));
    await expectRpcError(bot.link.invoke({ _: 'upload.getFile', location: { _: 'inputPeerPhotoFileLocation', peer, photoId: photo.id + 1n }, offset: 0n, limit: 4096 }), 400, 'LOCATION_INVALID');

    emulator.files.expireReferences();
    await expectRpcError(bot.link.invoke({ _: 'upload.getFile', location: photoLocation(photo, 'c'), offset: 0n, limit: 64 * KIB }), 400, 'FILE_REFERENCE_EXPIRED');
    const photos = await bot.link.invoke({ _: 'photos.getUserPhotos', userId: { _: 'inputUser', userId: user.id, accessHash: peer.accessHash }, offset: 0, maxId: 0n, limit: 10 });
    expect(photos._).to.equal('photos.photos');
    const fresh = photos.photos[0] as tl.Photo;
    expect(fresh.id).to.equal(photo.id);
    expect(((await bot.link.invoke({ _: 'upload.getFile', location: photoLocation(fresh, 'c'), offset: 0n, limit: 64 * KIB })) as tl.upload.File).bytes).to.deep.equal(bytes);
  });
});
