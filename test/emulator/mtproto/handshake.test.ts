/**
 * The emulator's side of the key exchange on its own: what it answers, and
 * that every bad request is a typed error (SecurityError naming the check, or
 * HandshakeError), never a crash, a hang, or an answer.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { encode, TlWriter, type TlObject, type tl } from '../../../src/schema/index.js';
import {
  bigintToBytes,
  bytesToBigint,
  factorize,
  igeEncrypt,
  rsaEncryptLegacy,
  rsaFingerprint,
  rsaPadEncrypt,
  sha1,
  TELEGRAM_DH_PRIME,
} from '../../../src/protocol/crypto/index.js';
import { SecurityError } from '../../../src/protocol/errors.js';
import {
  decryptWithHash,
  encryptWithHash,
  HandshakeError,
  newNonceHash,
  authKeyAuxHash,
  tmpAesKeyIv,
} from '../../../src/protocol/mtproto/handshake.js';
import {
  publicKeyPemOf,
  ServerHandshake,
  serverHandshakeStep,
  serverKeyFingerprint,
  type ServerHandshakeOptions,
  type ServerHandshakeState,
} from '../../../src/emulator/mtproto/handshake.js';
import { NOW, seeded, useRsaKeys } from '../../protocol/mtproto/handshake-fixtures.js';

const keys = useRsaKeys();

function typedError(fn: () => unknown, kind: typeof SecurityError | typeof HandshakeError, name: string): Error {
  try {
    fn();
  } catch (e) {
    expect(e, (e as Error).stack).to.be.instanceOf(kind);
    expect(e instanceof SecurityError ? e.check : (e as HandshakeError).reason).to.equal(name);
    return e as Error;
  }
  throw new Error(`expected ${kind.name} ${name}, nothing was thrown`);
}
const securityError = (fn: () => unknown, check: string) => typedError(fn, SecurityError, check) as SecurityError;
const handshakeError = (fn: () => unknown, reason: string) => typedError(fn, HandshakeError, reason) as HandshakeError;

/** A client written out by hand, so each field can be made wrong on its own. */
function session(options: Partial<ServerHandshakeOptions> = {}) {
  const opts: ServerHandshakeOptions = { privateKeys: [keys.privateKey], dcId: 2, ...options };
  const random = seeded('server');
  const nonce = randomBytes(16);
  const newNonce = randomBytes(32);
  const first = serverHandshakeStep(opts, { step: 'req-pq' }, { _: 'req_pq_multi', nonce }, random, NOW);
  if (first.kind !== 'answer') throw new Error('expected resPQ');
  const resPQ = first.answer as tl.ResPQ;
  const afterResPq = first.state;
  const [p, q] = factorize(bytesToBigint(resPQ.pq));
  const inner = (fields: Partial<tl.PQInnerDataDc> = {}): tl.PQInnerDataDc => ({
    _: 'p_q_inner_data_dc',
    pq: resPQ.pq,
    p: bigintToBytes(p, 4),
    q: bigintToBytes(q, 4),
    nonce,
    serverNonce: resPQ.serverNonce,
    newNonce,
    dc: 2,
    ...fields,
  });
  const reqDhParams = (fields: Partial<tl.ReqDHParamsRequest> = {}, data: TlObject = inner()): tl.ReqDHParamsRequest => ({
    _: 'req_DH_params',
    nonce,
    serverNonce: resPQ.serverNonce,
    p: bigintToBytes(p, 4),
    q: bigintToBytes(q, 4),
    publicKeyFingerprint: rsaFingerprint(keys.publicKey),
    encryptedData: rsaPadEncrypt(encode(data), keys.publicKey),
    ...fields,
  });
  const dhParams = (req: TlObject, state: ServerHandshakeState = afterResPq, now = NOW) => serverHandshakeStep(opts, state, req, random, now);
  const { key, iv } = tmpAesKeyIv(newNonce, resPQ.serverNonce);
  /** The server state after a good req_DH_params, and server_DH_inner_data as sent. */
  const toClientDh = () => {
    const out = dhParams(reqDhParams());
    if (out.kind !== 'answer' || out.answer._ !== 'server_DH_params_ok') throw new Error('expected server_DH_params_ok');
    const dhInner = decryptWithHash(out.answer.encryptedAnswer, key, iv, 'answer') as tl.ServerDHInnerData;
    return { state: out.state, dhInner };
  };
  const clientDh = (gB: bigint, retryId = 0n, fields: Partial<tl.ClientDHInnerData> = {}): tl.SetClientDHParamsRequest => ({
    _: 'set_client_DH_params',
    nonce,
    serverNonce: resPQ.serverNonce,
    encryptedData: encryptWithHash(
      { _: 'client_DH_inner_data', nonce, serverNonce: resPQ.serverNonce, retryId, gB: bigintToBytes(gB, 256), ...fields },
      key,
      iv,
      randomBytes,
    ),
  });
  return { opts, random, nonce, newNonce, resPQ, afterResPq, p, q, inner, reqDhParams, dhParams, toClientDh, clientDh, key, iv };
}

/** g^b mod p for a b of the test's choosing, by a plain square-and-multiply of the test's own. */
const gPow = (b: bigint) => modPowSlow(3n, b);
const B = 0x5eed5eed5eed5eed5eed5eed5eed5eedn << 1900n;

describe('emulator/mtproto: the server side of the handshake', () => {
  it('answers req_pq_multi and req_pq with resPQ: a 63-bit pq of two ~31-bit primes, big-endian, and its fingerprints', () => {
    for (const _ of ['req_pq_multi', 'req_pq'] as const) {
      for (let i = 0; i < 20; i++) {
        const nonce = randomBytes(16);
        const out = serverHandshakeStep({ privateKeys: [keys.privateKey] }, { step: 'req-pq' }, { _, nonce }, randomBytes, NOW);
        if (out.kind !== 'answer' || out.answer._ !== 'resPQ') throw new Error('expected resPQ');
        const { pq, serverPublicKeyFingerprints } = out.answer;
        expect(out.answer.nonce).to.deep.equal(nonce);
        expect(pq).to.have.length(8);
        const n = bytesToBigint(pq);
        expect(n < 1n << 63n).to.equal(true);
        const [p, q] = factorize(n);
        expect(p < q).to.equal(true);
        expect(p >= 1n << 30n && q < 1n << 31n).to.equal(true);
        expect(serverPublicKeyFingerprints).to.deep.equal([rsaFingerprint(keys.publicKey)]);
      }
    }
    expect(serverKeyFingerprint(keys.privateKey)).to.equal(rsaFingerprint(publicKeyPemOf(keys.privateKey)));
  });

  it('answers req_DH_params (RSA_PAD and legacy) with server_DH_params_ok: Telegram prime, g = 3, skewed server_time', () => {
    for (const encrypt of [rsaPadEncrypt, rsaEncryptLegacy]) {
      const s = session();
      const out = s.dhParams(s.reqDhParams({ encryptedData: encrypt(encode(s.inner()), keys.publicKey) }), s.afterResPq, NOW + 3_600_000);
      if (out.kind !== 'answer' || out.answer._ !== 'server_DH_params_ok') throw new Error('expected server_DH_params_ok');
      const dhInner = decryptWithHash(out.answer.encryptedAnswer, s.key, s.iv, 'answer') as tl.ServerDHInnerData;
      expect(dhInner).to.deep.include({ _: 'server_DH_inner_data', g: 3, serverTime: NOW / 1000 + 3600 });
      expect(bytesToBigint(dhInner.dhPrime)).to.equal(TELEGRAM_DH_PRIME);
      expect(dhInner.gA).to.have.length(256);
    }
  });

  it('finishes with dh_gen_ok and the key both sides compute; retries while the id is taken, then dh_gen_fail', () => {
    const s = session();
    const { state, dhInner } = s.toClientDh();
    const authKey = bigintToBytes(modPowSlow(bytesToBigint(dhInner.gA), B), 256);
    const done = s.dhParams(s.clientDh(gPow(B)), state);
    if (done.kind !== 'done') throw new Error('expected dh_gen_ok');
    expect(done.result.authKey).to.deep.equal(authKey);
    expect(done.answer.newNonceHash1).to.deep.equal(newNonceHash(s.newNonce, 1, authKeyAuxHash(authKey)));
    expect(done.result.dcId).to.equal(2);

    const taken = session({ authKeyIdInUse: () => true, maxRetries: 1 });
    const t = taken.toClientDh();
    const retry = taken.dhParams(taken.clientDh(gPow(B)), t.state);
    if (retry.kind !== 'answer' || retry.answer._ !== 'dh_gen_retry') throw new Error('expected dh_gen_retry');
    const key1 = bigintToBytes(modPowSlow(bytesToBigint(t.dhInner.gA), B), 256);
    expect(retry.answer.newNonceHash2).to.deep.equal(newNonceHash(taken.newNonce, 2, authKeyAuxHash(key1)));
    // the retry must carry retry_id = auth_key_aux_hash of the refused key
    securityError(() => taken.dhParams(taken.clientDh(gPow(B + 1n), 0n), retry.state), 'retry-id');
    const aux = authKeyAuxHash(key1);
    const retryId = new DataView(aux.buffer, aux.byteOffset, 8).getBigInt64(0, true);
    const fail = taken.dhParams(taken.clientDh(gPow(B + 1n), retryId), retry.state);
    if (fail.kind !== 'failed' || fail.answer._ !== 'dh_gen_fail') throw new Error('expected dh_gen_fail');
    expect(fail.error.reason).to.equal('too-many-retries');
  });

  it('answers server_DH_params_fail when the fault knob says so', () => {
    const s = session({ refuseDhParams: () => true });
    const out = s.dhParams(s.reqDhParams());
    expect(out.kind).to.equal('failed');
    expect(out.answer._).to.equal('server_DH_params_fail');
  });
});

describe('emulator/mtproto: bad handshake requests are typed errors', () => {
  it('a request out of turn: unexpected-message; the wrapper is then finished', () => {
    const hs = new ServerHandshake({ privateKeys: [keys.privateKey] });
    handshakeError(() => hs.receive({ _: 'set_client_DH_params', nonce: randomBytes(16), serverNonce: randomBytes(16), encryptedData: new Uint8Array(16) }), 'unexpected-message');
    expect(hs.finished).to.equal(true);
    handshakeError(() => hs.receive({ _: 'req_pq_multi', nonce: randomBytes(16) }), 'finished');
    const s = session();
    handshakeError(() => s.dhParams({ _: 'req_pq_multi', nonce: s.nonce }), 'unexpected-message');
    handshakeError(() => s.dhParams(null as unknown as TlObject), 'unexpected-message');
  });

  it('req_DH_params with another nonce, server_nonce, or factors', () => {
    const s = session();
    securityError(() => s.dhParams(s.reqDhParams({ nonce: randomBytes(16) })), 'nonce');
    securityError(() => s.dhParams(s.reqDhParams({ serverNonce: randomBytes(16) })), 'server-nonce');
    securityError(() => s.dhParams(s.reqDhParams({ p: bigintToBytes(s.q, 4), q: bigintToBytes(s.p, 4) })), 'pq-factors');
  });

  it('an unknown key fingerprint: rsa-fingerprint', () => {
    const s = session();
    const e = securityError(() => s.dhParams(s.reqDhParams({ publicKeyFingerprint: rsaFingerprint(keys.strangerPublicKey) })), 'rsa-fingerprint');
    expect(e.expected).to.have.length(1);
  });

  it('garbage encrypted_data: random bytes, the wrong length, all ones (>= modulus), another key: encrypted-data', () => {
    const s = session();
    securityError(() => s.dhParams(s.reqDhParams({ encryptedData: randomBytes(256) })), 'encrypted-data');
    securityError(() => s.dhParams(s.reqDhParams({ encryptedData: randomBytes(255) })), 'encrypted-data');
    securityError(() => s.dhParams(s.reqDhParams({ encryptedData: new Uint8Array(256).fill(0xff) })), 'encrypted-data');
    securityError(() => s.dhParams(s.reqDhParams({ encryptedData: rsaPadEncrypt(encode(s.inner()), keys.strangerPublicKey) })), 'encrypted-data');
  });

  it('well-encrypted but wrong inner data: inner-data, nonce, server-nonce, pq, pq-factors, expires-in, invalid-dc', () => {
    const s = session();
    securityError(() => s.dhParams(s.reqDhParams({}, { _: 'boolTrue' } as unknown as TlObject)), 'inner-data');
    securityError(() => s.dhParams(s.reqDhParams({}, s.resPQ)), 'inner-data');
    securityError(() => s.dhParams(s.reqDhParams({}, s.inner({ nonce: randomBytes(16) }))), 'nonce');
    securityError(() => s.dhParams(s.reqDhParams({}, s.inner({ serverNonce: randomBytes(16) }))), 'server-nonce');
    securityError(() => s.dhParams(s.reqDhParams({}, s.inner({ pq: bigintToBytes(6n, 1) }))), 'pq');
    securityError(() => s.dhParams(s.reqDhParams({}, s.inner({ p: bigintToBytes(s.p + 2n, 4) }))), 'pq-factors');
    const temp = { ...s.inner(), _: 'p_q_inner_data_temp_dc', expiresIn: 0 } as tl.PQInnerDataTempDc;
    securityError(() => s.dhParams(s.reqDhParams({}, temp)), 'expires-in');
    handshakeError(() => s.dhParams(s.reqDhParams({}, s.inner({ dc: 5 }))), 'invalid-dc');
  });

  it('set_client_DH_params with another nonce or server_nonce, garbage, or the wrong length', () => {
    const s = session();
    const { state } = s.toClientDh();
    const good = s.clientDh(gPow(B));
    securityError(() => s.dhParams({ ...good, nonce: randomBytes(16) }, state), 'nonce');
    securityError(() => s.dhParams({ ...good, serverNonce: randomBytes(16) }, state), 'server-nonce');
    securityError(() => s.dhParams({ ...good, encryptedData: randomBytes(good.encryptedData.length) }, state), 'client-dh-hash');
    securityError(() => s.dhParams({ ...good, encryptedData: good.encryptedData.subarray(0, 100) }, state), 'client-dh-length');
    securityError(() => s.dhParams({ ...good, encryptedData: new Uint8Array(0) }, state), 'client-dh-length');
    const tampered = good.encryptedData.slice();
    tampered[tampered.length - 1] ^= 0x80;
    securityError(() => s.dhParams({ ...good, encryptedData: tampered }, state), 'client-dh-hash');
  });

  it('client_DH_inner_data with the wrong nonces, the wrong object, or g_b out of range', () => {
    const s = session();
    const { state } = s.toClientDh();
    securityError(() => s.dhParams(s.clientDh(gPow(B), 0n, { nonce: randomBytes(16) }), state), 'nonce');
    securityError(() => s.dhParams(s.clientDh(gPow(B), 0n, { serverNonce: randomBytes(16) }), state), 'server-nonce');
    securityError(() => s.dhParams(s.clientDh(gPow(B), 12345n), state), 'retry-id');
    for (const gB of [0n, 1n, 2n, TELEGRAM_DH_PRIME - 1n, 1n << 1000n, TELEGRAM_DH_PRIME - 5n]) {
      const e = securityError(() => s.dhParams(s.clientDh(gB), state), 'g-b');
      expect(e.got).to.equal(gB);
    }
    const wrong = {
      _: 'set_client_DH_params',
      nonce: s.nonce,
      serverNonce: s.resPQ.serverNonce,
      encryptedData: encryptWithHash(s.resPQ, s.key, s.iv, randomBytes),
    } as const;
    securityError(() => s.dhParams(wrong, state), 'client-dh-inner-data');
  });

  it('gzip_packed in place of a bare object is refused before anything is inflated', () => {
    const gzipPacked = (obj: TlObject) => {
      const w = new TlWriter();
      w.uint(0x3072cfa1);
      w.bytes(gzipSync(encode(obj)));
      return w.result();
    };
    const s = session();
    const packedInner = gzipPacked(s.inner());
    expect(packedInner.length).to.be.at.most(144);
    securityError(() => s.dhParams(s.reqDhParams({ encryptedData: rsaPadEncrypt(packedInner, keys.publicKey) })), 'inner-data');
    const { state } = s.toClientDh();
    const packed = gzipPacked({ _: 'client_DH_inner_data', nonce: s.nonce, serverNonce: s.resPQ.serverNonce, retryId: 0n, gB: bigintToBytes(gPow(B), 256) });
    const plain = new Uint8Array(Math.ceil((20 + packed.length) / 16) * 16);
    plain.set(sha1(packed));
    plain.set(packed, 20);
    const encryptedData = igeEncrypt(plain, s.key, s.iv);
    securityError(() => s.dhParams({ _: 'set_client_DH_params', nonce: s.nonce, serverNonce: s.resPQ.serverNonce, encryptedData }, state), 'client-dh-hash');
  });

  it('random mutations of good requests end in typed errors, never anything else', () => {
    const s = session();
    const { state } = s.toClientDh();
    const good: [TlObject, ServerHandshakeState][] = [
      [s.reqDhParams(), s.afterResPq],
      [s.clientDh(gPow(B)), state],
    ];
    for (let i = 0; i < 300; i++) {
      const [request, at] = good[i % 2];
      const bytes = (request as { encryptedData: Uint8Array }).encryptedData.slice();
      const flips = 1 + (i % 4);
      // Distinct positions: two flips of one byte with the same mask would cancel out.
      const positions = new Set<number>();
      while (positions.size < flips) positions.add(randomBytes(2).readUInt16LE() % bytes.length);
      for (const at of positions) bytes[at] ^= 1 + (i % 255);
      try {
        s.dhParams({ ...(request as tl.ReqDHParamsRequest), encryptedData: bytes }, at);
        throw new Error('a mutated request was accepted');
      } catch (e) {
        expect(e instanceof SecurityError || e instanceof HandshakeError, String(e)).to.equal(true);
      }
    }
  });
});

function modPowSlow(base: bigint, exp: bigint): bigint {
  let r = 1n;
  base %= TELEGRAM_DH_PRIME;
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % TELEGRAM_DH_PRIME;
    base = (base * base) % TELEGRAM_DH_PRIME;
    exp >>= 1n;
  }
  return r;
}
