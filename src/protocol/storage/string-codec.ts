/**
 * The session string: `layer1.` then base64url of a little-endian record
 * (home DC, time offset, each DC's address, auth key and salt, the update
 * state) closed by a checksum (the first 4 bytes of its SHA-256). The peer
 * cache, channel pts, temp keys and future salts are left out: a string is
 * meant for an environment variable, and those are refetched.
 *
 *   u8 flags (1: home DC, 2: update state) · [i32 home DC] · i32 time offset
 *   u8 DC count · per DC: i32 id · u8 flags (1: auth key, 2: address, 4: salt)
 *     · [256 auth key] · [u8 host length · host (UTF-8) · u16 port] · [i64 salt]
 *   [i32 pts · i32 qts · i32 seq · i32 date] · 4 checksum
 */
import { createHash } from 'node:crypto';
import { SessionStringError } from './errors.js';
import { AUTH_KEY_BYTES } from './values.js';
import type { SessionSnapshot } from './buffered-store.js';
import type { DcRecord } from './types.js';

export const SESSION_STRING_VERSION = 1;
const PREFIX = 'layer';
const CHECKSUM_BYTES = 4;

const checksum = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest().subarray(0, CHECKSUM_BYTES);

export function encodeSessionString(s: SessionSnapshot): string {
  const parts: Buffer[] = [];
  const u8 = (v: number) => parts.push(Buffer.from([v]));
  const i32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    parts.push(b);
  };
  u8((s.homeDc !== undefined ? 1 : 0) | (s.updateState ? 2 : 0));
  if (s.homeDc !== undefined) i32(s.homeDc);
  i32(s.timeOffset ?? 0);
  if (s.dcs.length > 255) throw new RangeError(`a session string holds at most 255 DCs, got ${s.dcs.length}`);
  u8(s.dcs.length);
  for (const dc of s.dcs) {
    i32(dc.id);
    u8((dc.authKey ? 1 : 0) | (dc.address ? 2 : 0) | (dc.salt !== undefined ? 4 : 0));
    if (dc.authKey) parts.push(Buffer.from(dc.authKey));
    if (dc.address) {
      const host = Buffer.from(dc.address.host, 'utf8');
      u8(host.length);
      parts.push(host);
      const port = Buffer.alloc(2);
      port.writeUInt16LE(dc.address.port);
      parts.push(port);
    }
    if (dc.salt !== undefined) {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(dc.salt);
      parts.push(b);
    }
  }
  if (s.updateState) for (const v of [s.updateState.pts, s.updateState.qts, s.updateState.seq, s.updateState.date]) i32(v);
  const body = Buffer.concat(parts);
  return `${PREFIX}${SESSION_STRING_VERSION}.${Buffer.concat([body, checksum(body)]).toString('base64url')}`;
}

/** Decodes a session string, or throws a `SessionStringError` naming what is wrong. */
export function decodeSessionString(input: string): SessionSnapshot {
  if (typeof input !== 'string') throw new SessionStringError('empty', `expected a string, got ${typeof input}`);
  const text = input.trim();
  if (text === '') throw new SessionStringError('empty', 'the string is empty (is the environment variable set?)');

  const head = /^layer(\d*)\./.exec(text);
  if (!head) throw foreignOrUnknown(text);
  const version = Number(head[1]);
  if (head[1] === '' || version !== SESSION_STRING_VERSION) {
    const hint = version > SESSION_STRING_VERSION ? ': made by a newer layer; upgrade layer to read it' : '';
    throw new SessionStringError('bad-version', `version ${head[1] || '(none)'} is not supported, expected ${SESSION_STRING_VERSION}${hint}`, {
      got: head[1],
      expected: SESSION_STRING_VERSION,
    });
  }
  const b64 = text.slice(head[0].length);
  const bad = /[^A-Za-z0-9_-]/.exec(b64);
  if (bad) {
    const hint = /[+/=]/.test(bad[0]) ? ' (standard base64? layer strings use base64url: A-Z a-z 0-9 - _ with no padding)' : '';
    throw new SessionStringError('bad-base64url', `character ${JSON.stringify(bad[0])} at ${head[0].length + bad.index} is not base64url${hint}`, {
      got: bad[0],
    });
  }
  if (b64.length % 4 === 1) {
    throw new SessionStringError('truncated', `${b64.length} base64url characters cannot be whole bytes: the string was cut`, { got: b64.length });
  }
  return decodeBody(Buffer.from(b64, 'base64url'));
}

function decodeBody(bytes: Buffer): SessionSnapshot {
  const end = bytes.length - CHECKSUM_BYTES;
  let at = 0;
  const need = (n: number, field: string) => {
    if (at + n > end) {
      throw new SessionStringError('truncated', `it ends before ${field} (${n} bytes at offset ${at}; ${Math.max(0, end)} bytes before the checksum): the string was cut`, {
        got: bytes.length,
        expected: at + n + CHECKSUM_BYTES,
      });
    }
    const from = at;
    at += n;
    return from;
  };
  const u8 = (f: string) => bytes[need(1, f)];
  const i32 = (f: string) => bytes.readInt32LE(need(4, f));

  const flags = u8('the flags');
  const homeDc = flags & 1 ? i32('the home DC') : undefined;
  const timeOffset = i32('the time offset');
  const count = u8('the DC count');
  const dcs: DcRecord[] = [];
  for (let i = 0; i < count; i++) {
    const dc: { -readonly [K in keyof DcRecord]: DcRecord[K] } = { id: i32(`dcs[${i}].id`) };
    const f = u8(`dcs[${i}].flags`);
    if (f & 1) dc.authKey = Uint8Array.from(bytes.subarray(need(AUTH_KEY_BYTES, `dcs[${i}].authKey`), at));
    if (f & 2) {
      const len = u8(`dcs[${i}].host length`);
      if (len === 0) throw new SessionStringError('bad-field', `dcs[${i}] has an empty host`);
      const host = bytes.toString('utf8', need(len, `dcs[${i}].host`), at);
      dc.address = { host, port: bytes.readUInt16LE(need(2, `dcs[${i}].port`)) };
    }
    if (f & 4) dc.salt = bytes.readBigInt64LE(need(8, `dcs[${i}].salt`));
    dcs.push(dc);
  }
  const updateState =
    flags & 2
      ? { pts: i32('updateState.pts'), qts: i32('updateState.qts'), seq: i32('updateState.seq'), date: i32('updateState.date') }
      : undefined;
  if (at !== end) {
    if (at > end) throw new SessionStringError('truncated', 'it ends inside the checksum: the string was cut', { got: bytes.length });
    throw new SessionStringError('bad-checksum', `${end - at} unexpected bytes before the checksum: the string was altered`, {
      got: bytes.length,
      expected: at + CHECKSUM_BYTES,
    });
  }
  const want = checksum(bytes.subarray(0, end));
  const got = bytes.subarray(end);
  if (!want.equals(got)) {
    throw new SessionStringError('bad-checksum', 'the checksum does not match: the string was altered or mistyped', {
      got: got.toString('hex'),
      expected: want.toString('hex'),
    });
  }
  for (const dc of dcs) if (dc.id < 1) throw new SessionStringError('bad-field', `DC id ${dc.id} is not positive`, { got: dc.id });
  if (homeDc !== undefined && homeDc < 1) throw new SessionStringError('bad-field', `home DC ${homeDc} is not positive`, { got: homeDc });
  return { homeDc, timeOffset, dcs, updateState };
}

/** Names the library behind a string that is not ours, when its shape tells. */
function foreignOrUnknown(text: string): SessionStringError {
  const app = recognizeForeign(text);
  if (app) {
    return new SessionStringError(
      'foreign',
      `this is a ${app} session string, not a layer one; layer cannot import it. Log in with layer once and use the string it exports`,
      { app },
    );
  }
  const shown = text.length > 12 ? `${text.slice(0, 12)}…` : text;
  return new SessionStringError('bad-version', `it does not start with "${PREFIX}${SESSION_STRING_VERSION}." (got "${shown}"): not a layer session string`, {
    got: shown,
    expected: `${PREFIX}${SESSION_STRING_VERSION}.`,
  });
}

/**
 * Telethon: '1' + urlsafe base64 (padded) of dc u8 · IPv4/IPv6 · port u16 · key (263 or 275 bytes).
 * GramJS: '1' + base64 of dc u8 · address length u16 BE · address · port u16 · key.
 * Pyrogram: urlsafe base64 (unpadded) of 263, 267 or 271 bytes, the 256-byte key inside.
 */
export function recognizeForeign(text: string): 'Telethon' | 'GramJS' | 'Pyrogram' | undefined {
  const b64ish = /^[A-Za-z0-9+/_=-]+$/;
  if (text.startsWith('1') && b64ish.test(text.slice(1))) {
    const rest = text.slice(1);
    const bytes = Buffer.from(rest.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length >= 5 + AUTH_KEY_BYTES) {
      const addrLen = bytes.readUInt16BE(1);
      if (bytes.length === 5 + addrLen + AUTH_KEY_BYTES && /^[\x21-\x7e]+$/.test(bytes.toString('latin1', 3, 3 + addrLen))) return 'GramJS';
    }
    if (bytes.length === 263 || bytes.length === 275) return 'Telethon';
  }
  if (/^[A-Za-z0-9_-]+$/.test(text)) {
    const n = Buffer.from(text, 'base64url').length;
    if (n === 263 || n === 267 || n === 271) return 'Pyrogram';
  }
  return undefined;
}
