/**
 * Benchmark inputs, in our TL shape. Only the fields that are set are
 * written; absent optional fields and false flags are left out, which our
 * encoder and both peers' converters read as absent.
 *
 * Every constructor here exists in our Layer 224, in mtcute's layer 223 with
 * the same ids, and in GramJS's layer 198 by name. GramJS has other ids (and
 * fewer fields) for `messages.messages` (8c718e87 vs our 1d73e7ea, no
 * `topics`), `message` (96fdbbe9 vs 3ae56482), `user` (4b46c37e vs 31774388)
 * and `channel` (e00998b7 vs 1c32b11c); the bench converts this content onto
 * GramJS's own versions by name (see bench/tl.ts). None of the fields set
 * here is missing from any of the three layers.
 */

const WORDS = ['layer', 'speaks', 'MTProto', 'over', 'TCP', 'with', 'typed', 'objects', 'and', 'fast', 'codecs', 'for', 'bots'];

/** About 100 characters of text with a URL in it, deterministic per index. */
function text(i: number): { message: string; urlOffset: number; urlLength: number } {
  const url = `https://example.com/post/${i}`;
  let words = '';
  for (let w = 0; words.length < 100 - url.length - 2; w++) words += `${WORDS[(i + w * 7) % WORDS.length]} `;
  const message = `${words}${url} !`;
  return { message, urlOffset: words.length, urlLength: url.length };
}

/** A deterministic full-range 64-bit access hash. */
function accessHash(i: number): bigint {
  return BigInt.asIntN(64, 0x9e3779b97f4a7c15n * BigInt(i + 1));
}

const USER_BASE = 777_000_000n;
const CHANNEL_BASE = 1_500_000_000n;
const DATE = 1_750_000_000;

/**
 * A `messages.messages` with 100 messages (about 100 characters each, one
 * bold and one URL entity), 20 users and 5 channels.
 */
export function sampleMessages(): { _: 'messages.messages' } & Record<string, unknown> {
  const users = Array.from({ length: 20 }, (_, i) => ({
    _: 'user',
    contact: i % 3 === 0,
    id: USER_BASE + BigInt(i),
    accessHash: accessHash(i),
    firstName: `User ${i}`,
    username: `user_${i}_layer`,
    phone: `4470000${String(i).padStart(4, '0')}`,
    status:
      i % 3 === 0
        ? { _: 'userStatusOnline', expires: DATE + 300 }
        : i % 3 === 1
          ? { _: 'userStatusOffline', wasOnline: DATE - 60 * i }
          : { _: 'userStatusRecently', byMe: false },
  }));
  const chats = Array.from({ length: 5 }, (_, i) => ({
    _: 'channel',
    broadcast: i % 2 === 0,
    megagroup: i % 2 === 1,
    id: CHANNEL_BASE + BigInt(i),
    accessHash: accessHash(100 + i),
    title: `Channel number ${i}`,
    username: `channel_${i}`,
    photo: { _: 'chatPhotoEmpty' },
    date: DATE - 86_400 * i,
    participantsCount: 1000 * (i + 1),
  }));
  const messages = Array.from({ length: 100 }, (_, i) => {
    const { message, urlOffset, urlLength } = text(i);
    return {
      _: 'message',
      out: i % 4 === 0,
      id: 100_000 - i,
      fromId: { _: 'peerUser', userId: USER_BASE + BigInt(i % 20) },
      peerId: i % 2 === 0 ? { _: 'peerUser', userId: USER_BASE + BigInt((i + 1) % 20) } : { _: 'peerChannel', channelId: CHANNEL_BASE + BigInt(i % 5) },
      date: DATE - 37 * i,
      message,
      entities: [
        { _: 'messageEntityBold', offset: 0, length: 5 },
        { _: 'messageEntityUrl', offset: urlOffset, length: urlLength },
      ],
    };
  });
  return { _: 'messages.messages', messages, topics: [], chats, users };
}
