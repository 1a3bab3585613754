/** The session string: its format, and a clear typed error for every way a string can be wrong. */
import { expect } from 'chai';
import { createRequire } from 'node:module';
import {
  SessionStoreError,
  SessionStringError,
  StringSession,
  decodeSessionString,
  encodeSessionString,
  type SessionStringProblem,
} from '../../../src/protocol/storage/index.js';
import { key } from './conformance.js';

const require = createRequire(import.meta.url);

function full(): StringSession {
  const s = new StringSession();
  s.setHomeDc(2);
  s.setTimeOffset(-3);
  s.setAuthKey(2, key(2));
  s.setDcAddress(2, { host: '149.154.167.51', port: 443 });
  s.setSalt(2, -1234567890123n);
  s.setAuthKey(4, key(4));
  s.setDcAddress(5, { host: '2001:b28:f23f:f005::a', port: 8443 });
  s.setUpdateState({ pts: 100, qts: 2, seq: 30, date: 1_700_000_000 });
  return s;
}

function refused(text: string, problem: SessionStringProblem, message?: RegExp): SessionStringError {
  try {
    decodeSessionString(text);
  } catch (e) {
    expect(e).to.be.instanceOf(SessionStringError);
    expect(e).to.be.instanceOf(SessionStoreError);
    const err = e as SessionStringError;
    expect(err.problem, err.message).to.equal(problem);
    if (message) expect(err.message).to.match(message);
    return err;
  }
  throw new Error(`decoded without complaint: ${text.slice(0, 40)}`);
}

describe('StringSession', () => {
  it('exports "layer1." then base64url, and imports it back', () => {
    const s = full();
    const text = s.export();
    expect(text).to.match(/^layer1\.[A-Za-z0-9_-]+$/);
    const back = StringSession.import(text);
    expect(back.dcs()).to.deep.equal(s.dcs());
    expect(back.homeDc()).to.equal(2);
    expect(back.timeOffset()).to.equal(-3);
    expect(back.updateState()).to.deep.equal({ pts: 100, qts: 2, seq: 30, date: 1_700_000_000 });
    expect(back.export()).to.equal(text);
  });

  it('round-trips an empty session and ignores surrounding whitespace', () => {
    const text = new StringSession().export();
    const back = StringSession.import(`\n  ${text}  \n`);
    expect(back.dcs()).to.deep.equal([]);
    expect(back.homeDc()).to.equal(undefined);
    expect(back.updateState()).to.equal(undefined);
  });

  it('holds a 256-byte key in under 400 characters', () => {
    const s = new StringSession();
    s.setAuthKey(2, key(2));
    s.setDcAddress(2, { host: '149.154.167.51', port: 443 });
    s.setHomeDc(2);
    expect(s.export().length).to.be.below(400);
  });

  it('refuses an empty string', () => {
    refused('', 'empty', /empty/);
    refused('   ', 'empty');
  });

  it('refuses other versions, saying when a newer layer made it', () => {
    const body = full().export().slice('layer1.'.length);
    refused(`layer2.${body}`, 'bad-version', /version 2 is not supported, expected 1: made by a newer layer/);
    refused(`layer0.${body}`, 'bad-version', /version 0/);
    refused(`layer.${body}`, 'bad-version', /version \(none\)/);
    refused('hello world', 'bad-version', /not a layer session string/);
  });

  it('refuses characters outside base64url, naming them and hinting at standard base64', () => {
    const text = full().export();
    const e = refused(`${text.slice(0, 20)}+${text.slice(21)}`, 'bad-base64url', /character "\+" at 20 .*standard base64/);
    expect(e.details.got).to.equal('+');
    refused(`${text}=`, 'bad-base64url');
    refused(`${text.slice(0, 30)} ${text.slice(30)}`, 'bad-base64url');
  });

  it('calls every cut-short string truncated', () => {
    const text = full().export();
    for (let n = 'layer1.'.length; n < text.length; n++) refused(text.slice(0, n), 'truncated', /cut/);
  });

  it('catches an altered character by its checksum', () => {
    const text = full().export();
    let checked = 0;
    for (let i = 'layer1.'.length; i < text.length - 1; i += 7) {
      const c = text[i] === 'A' ? 'B' : 'A';
      const altered = text.slice(0, i) + c + text.slice(i + 1);
      expect(() => decodeSessionString(altered), `position ${i}`).to.throw(SessionStringError);
      checked++;
    }
    expect(checked).to.be.above(40);
    // In the auth key, where the structure cannot notice: only the checksum can.
    const i = 40;
    refused(text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1), 'bad-checksum', /checksum does not match/);
  });

  it('refuses bytes appended inside the base64url', () => {
    const s = new StringSession();
    const text = s.export();
    const bytes = Buffer.from(text.slice('layer1.'.length), 'base64url');
    const longer = Buffer.concat([bytes.subarray(0, bytes.length - 4), Buffer.from([1, 2, 3]), bytes.subarray(bytes.length - 4)]);
    refused(`layer1.${longer.toString('base64url')}`, 'bad-checksum', /unexpected bytes/);
  });

  describe('recognizes other libraries\' strings', () => {
    const k = Buffer.from(key(7));

    it('GramJS (made by GramJS itself)', async () => {
      const { StringSession: GramStringSession } = require('telegram/sessions') as typeof import('telegram/sessions/index.js');
      const { AuthKey } = require('telegram/crypto/AuthKey') as typeof import('telegram/crypto/AuthKey.js');
      const g = new GramStringSession('');
      g.setDC(2, '149.154.167.51', 443);
      const authKey = new AuthKey();
      await authKey.setKey(k);
      g.setAuthKey(authKey);
      const text = g.save();
      expect(text.startsWith('1')).to.equal(true);
      const e = refused(text, 'foreign', /GramJS session string, not a layer one/);
      expect(e.app).to.equal('GramJS');
    });

    it('Telethon (IPv4 and IPv6)', () => {
      for (const ip of [Buffer.from([149, 154, 167, 51]), Buffer.alloc(16, 0x20)]) {
        const port = Buffer.alloc(2);
        port.writeUInt16BE(443);
        const text = `1${Buffer.concat([Buffer.from([2]), ip, port, k]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
        expect(refused(text, 'foreign', /Telethon/).app).to.equal('Telethon');
      }
    });

    it('Pyrogram', () => {
      // ">BI?256sQ?": dc, api_id, test_mode, auth_key, user_id, is_bot; urlsafe base64 without padding.
      const packed = Buffer.concat([Buffer.from([2, 0, 0, 0x30, 0x39, 0]), k, Buffer.alloc(8, 1), Buffer.from([1])]);
      expect(packed.length).to.equal(271);
      expect(refused(packed.toString('base64url'), 'foreign', /Pyrogram/).app).to.equal('Pyrogram');
    });
  });

  it('StringSession.import throws the same typed errors', () => {
    expect(() => StringSession.import('layer9.AAAA')).to.throw(SessionStringError, /version 9/);
  });

  it('encodes what it decodes for a snapshot with every field', () => {
    const snap = {
      homeDc: 7,
      timeOffset: 2_000_000,
      dcs: [{ id: 7, authKey: key(1), address: { host: 'dc7.example', port: 65535 }, salt: (1n << 63n) - 1n }],
      updateState: { pts: 2 ** 31 - 1, qts: 0, seq: -1, date: 0 },
    };
    expect(decodeSessionString(encodeSessionString(snap))).to.deep.equal(snap);
  });

  it('hands onSave the new string when what it holds changes, and not for peers or channel pts', async () => {
    const saves: string[] = [];
    let saved!: () => void;
    const first = new Promise<void>((r) => (saved = r));
    const s = new StringSession({
      flushDelayMs: 1,
      onSave: (text) => {
        saves.push(text);
        saved();
      },
    });
    s.setAuthKey(1, key(1));
    s.setHomeDc(1);
    await first; // the urgent write goes out by itself
    expect(StringSession.import(saves[0]).dc(1)?.authKey).to.deep.equal(key(1));
    s.putPeers([{ id: 1n, accessHash: 1n, kind: 'user', min: false }]);
    s.setChannelPts(5n, 5);
    await s.flush();
    expect(saves).to.have.length(1);
    s.setUpdateState({ pts: 1, qts: 1, seq: 1, date: 1 });
    await s.close();
    expect(saves).to.have.length(2);
    expect(StringSession.import(saves[1]).updateState()).to.deep.equal({ pts: 1, qts: 1, seq: 1, date: 1 });
  });

  it('persists early, without waiting for the delay, once maxQueuedWrites writes are queued', async () => {
    let saved!: (text: string) => void;
    const first = new Promise<string>((r) => (saved = r));
    const s = new StringSession({ flushDelayMs: 60_000, maxQueuedWrites: 3, onSave: (text) => saved(text) });
    s.setTimeOffset(1);
    s.setTimeOffset(2);
    s.setTimeOffset(3);
    expect(StringSession.import(await first).timeOffset()).to.equal(3);
    await s.close();
  });

  it('keeps the writes queued when onSave fails, and saves them on the next flush', async () => {
    let fail = true;
    const saves: string[] = [];
    const errors: unknown[] = [];
    const s = new StringSession({
      flushDelayMs: 60_000,
      onError: (e) => errors.push(e),
      onSave: (text) => {
        if (fail) throw new Error('disk full');
        saves.push(text);
      },
    });
    s.setTimeOffset(9);
    try {
      await s.flush();
      expect.fail('flush resolved');
    } catch (e) {
      expect((e as Error).message).to.equal('disk full');
    }
    fail = false;
    await s.flush();
    expect(StringSession.import(saves[0]).timeOffset()).to.equal(9);
    await s.close();
  });
});
