/**
 * The client's key exchange against the emulator's, in memory (no sockets),
 * through the plain framing both ways, with a fresh 2048-bit RSA key; then
 * every check the client owes the server's answers, each failing on its own.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { decode, encode, type TlObject, type tl } from '../../../src/schema/index.js';
import { authKeyId, bigintToBytes, igeDecrypt, igeEncrypt, modPow, TELEGRAM_DH_PRIME } from '../../../src/protocol/crypto/index.js';
import { SecurityError } from '../../../src/protocol/errors.js';
import {
  ClientHandshake,
  dhParamsFailHash,
  encryptWithHash,
  handshakeStep,
  HandshakeError,
  newNonceHash,
  startHandshake,
  tmpAesKeyIv,
  type ClientHandshakeDriverOptions,
  type ClientHandshakeState,
  type HandshakeResult,
} from '../../../src/protocol/mtproto/handshake.js';
import { packPlain, unpackPlain } from '../../../src/protocol/mtproto/plain.js';
import {
  publicKeyPemOf,
  ServerHandshake,
  serverHandshakeStep,
  type ServerHandshakeDriverOptions,
  type ServerHandshakeResult,
  type ServerHandshakeState,
} from '../../../src/emulator/mtproto/handshake.js';
import { NOW, seeded, useRsaKeys } from './handshake-fixtures.js';

const keys = useRsaKeys();

/** Both sides over plain frames: each request and answer is encoded, framed, unframed and decoded. */
function exchange(
  client: Partial<ClientHandshakeDriverOptions> = {},
  server: Partial<ServerHandshakeDriverOptions> = {},
): { client: HandshakeResult; server: ServerHandshakeResult; rounds: number } {
  const c = new ClientHandshake({ publicKeys: [keys.publicKey], dcId: 2, now: () => NOW, ...client });
  const s = new ServerHandshake({ privateKeys: [keys.privateKey], dcId: 2, now: () => NOW, ...server });
  let msgId = BigInt(NOW / 1000) << 32n;
  const wire = (obj: TlObject, from: 'client' | 'server') => {
    msgId += 4n;
    const frame = packPlain(from === 'client' ? msgId : msgId + 1n, encode(obj));
    return decode(unpackPlain(frame, from).body);
  };
  let request: TlObject = c.start();
  let serverResult: ServerHandshakeResult | undefined;
  for (let rounds = 1; rounds < 20; rounds++) {
    const out = s.receive(wire(request, 'client'));
    if (out.kind === 'done') serverResult = out.result;
    const next = c.step(wire(out.answer, 'server'));
    if (next.kind === 'done') {
      expect(out.kind).to.equal('done');
      expect(c.finished && s.finished).to.equal(true);
      return { client: next.result, server: serverResult!, rounds };
    }
    if (out.kind !== 'answer') throw new Error(`the server ended with ${out.kind} but the client went on`);
    request = next.request;
  }
  throw new Error('no key after 20 rounds');
}

/** Runs `fn`, which must throw a SecurityError naming `check`. */
function securityError(fn: () => unknown, check: string): SecurityError {
  try {
    fn();
  } catch (e) {
    expect(e, (e as Error).stack).to.be.instanceOf(SecurityError);
    expect((e as SecurityError).check).to.equal(check);
    return e as SecurityError;
  }
  throw new Error(`expected SecurityError ${check}, nothing was thrown`);
}

function handshakeError(fn: () => unknown, reason: string): HandshakeError {
  try {
    fn();
  } catch (e) {
    expect(e, (e as Error).stack).to.be.instanceOf(HandshakeError);
    expect((e as HandshakeError).reason).to.equal(reason);
    return e as HandshakeError;
  }
  throw new Error(`expected HandshakeError ${reason}, nothing was thrown`);
}

describe('protocol/mtproto: the handshake, client against emulator', () => {
  const expectSameKey = ({ client, server }: ReturnType<typeof exchange>) => {
    expect(client.authKey).to.have.length(256);
    expect(client.authKey).to.deep.equal(server.authKey);
    expect(client.authKeyId).to.equal(server.authKeyId).and.to.equal(authKeyId(client.authKey));
    expect(client.serverSalt).to.equal(server.serverSalt);
  };

  for (const rsaScheme of ['pad', 'legacy'] as const) {
    for (const innerData of ['dc', 'legacy'] as const) {
      for (const tempExpiresIn of [undefined, 3600]) {
        const variant = `p_q_inner_data${tempExpiresIn ? '_temp' : ''}${innerData === 'dc' ? '_dc' : ''}`;
        it(`agrees on a key: ${rsaScheme === 'pad' ? 'RSA_PAD' : 'legacy RSA'}, ${variant}`, () => {
          const r = exchange({ rsaScheme, innerData, tempExpiresIn });
          expectSameKey(r);
          expect(r.rounds).to.equal(3);
          expect(r.client.dcId).to.equal(2);
          expect(r.server.dcId).to.equal(2);
          expect(r.client.tempExpiresIn).to.equal(tempExpiresIn);
          expect(r.server.tempExpiresIn).to.equal(tempExpiresIn);
        });
      }
    }
  }

  it('same randomness, same key; different randomness, different key', () => {
    const a = exchange({ random: seeded('c') }, { random: seeded('s') });
    const b = exchange({ random: seeded('c') }, { random: seeded('s') });
    const c = exchange({ random: seeded('c2') }, { random: seeded('s') });
    expect(a.client.authKey).to.deep.equal(b.client.authKey);
    expect(a.client.authKey).to.not.deep.equal(c.client.authKey);
  });

  it('time offset: server_time from a skewed server clock', () => {
    const r = exchange({}, { clockSkewSeconds: () => -7200 });
    expect(r.client.timeOffset).to.equal(-7200);
    const s = exchange({ now: () => NOW + 30_500 });
    expect(s.client.timeOffset).to.equal(-30);
  });

  it('the server takes a test-DC and a media-DC id for its DC, and refuses another DC (invalid-dc)', () => {
    expect(exchange({ dcId: 10002 }).server.dcId).to.equal(10002);
    expect(exchange({ dcId: -2 }).server.dcId).to.equal(-2);
    handshakeError(() => exchange({ dcId: 4 }), 'invalid-dc');
  });

  it('picks the configured key the server offers, among others it does not', () => {
    const r = exchange({ publicKeys: [keys.strangerPublicKey, keys.publicKey] });
    expectSameKey(r);
  });

  it('dh_gen_retry: the client retries with retry_id = auth_key_aux_hash until the id is free', () => {
    const taken = new Set<bigint>();
    let asked = 0;
    const r = exchange(
      {},
      {
        authKeyIdInUse: (id) => {
          asked++;
          if (asked <= 2) {
            taken.add(id);
            return true;
          }
          return false;
        },
      },
    );
    expectSameKey(r);
    expect(r.rounds).to.equal(5);
    expect(taken.size).to.equal(2);
    expect(taken.has(r.client.authKeyId)).to.equal(false);
  });

  it('dh_gen_fail after the server runs out of retries: HandshakeError dh-gen-fail', () => {
    handshakeError(() => exchange({}, { authKeyIdInUse: () => true, maxRetries: 2 }), 'dh-gen-fail');
  });

  it('a client bounds its own retries: HandshakeError too-many-retries', () => {
    const e = handshakeError(() => exchange({ maxRetries: 1 }, { authKeyIdInUse: () => true, maxRetries: 10 }), 'too-many-retries');
    expect(e.retryable).to.equal(true);
  });

  it('server_DH_params_fail with a correct new_nonce_hash: HandshakeError server-dh-params-fail', () => {
    handshakeError(() => exchange({}, { refuseDhParams: () => true }), 'server-dh-params-fail');
  });

  it('the emulator derives the PEM clients configure from its private key', () => {
    expect(rsaPublicDer(publicKeyPemOf(keys.privateKey))).to.deep.equal(rsaPublicDer(keys.publicKey));
  });
});

const rsaPublicDer = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

// ------------------------------------------------------------ the client's checks, one by one

/** The exchange run by the pure steps, with the server's answers at hand to tamper with. */
function steps(server: Partial<ServerHandshakeDriverOptions> = {}) {
  const options = { publicKeys: [keys.publicKey], dcId: 2 };
  const serverOptions = { privateKeys: [keys.privateKey], dcId: 2, ...server };
  const crandom = seeded('client');
  const srandom = seeded('server');
  const start = startHandshake(crandom);
  let sstate: ServerHandshakeState = { step: 'req-pq' };
  const serve = (request: TlObject) => {
    const out = serverHandshakeStep(serverOptions, sstate, request, srandom, NOW);
    if (out.kind === 'answer') sstate = out.state;
    return out.answer;
  };
  const resPQ = serve(start.request) as tl.ResPQ;
  const step2 = handshakeStep(options, start.state, resPQ, crandom, NOW);
  if (step2.kind !== 'request') throw new Error('expected req_DH_params');
  const dhParams = serve(step2.request) as tl.ServerDHParamsOk;
  const state2 = step2.state as Extract<ClientHandshakeState, { step: 'server-dh-params' }>;
  return {
    options,
    crandom,
    start,
    resPQ,
    state2,
    dhParams,
    /** Step 3 and 4, with the real answers unless given. */
    toDhGen() {
      const step3 = handshakeStep(options, state2, dhParams, crandom, NOW);
      if (step3.kind !== 'request') throw new Error('expected set_client_DH_params');
      const dhGen = serve(step3.request) as tl.DhGenOk;
      return { state3: step3.state, dhGen };
    },
  };
}

/** A server_DH_params_ok made by hand for `state2`, with the given inner data and padding. */
function craftedDhParams(state2: { nonce: Uint8Array; serverNonce: Uint8Array; newNonce: Uint8Array }, inner: Partial<Record<string, unknown>>, extraPadding = 0) {
  const { key, iv } = tmpAesKeyIv(state2.newNonce, state2.serverNonce);
  const a = 0x1234567890abcdef1234567890abcdefn << 1900n;
  const obj = {
    _: 'server_DH_inner_data',
    nonce: state2.nonce,
    serverNonce: state2.serverNonce,
    g: 3,
    dhPrime: bigintToBytes(TELEGRAM_DH_PRIME, 256),
    gA: bigintToBytes(modPow(3n, a, TELEGRAM_DH_PRIME), 256),
    serverTime: NOW / 1000,
    ...inner,
  } as TlObject;
  let encryptedAnswer = encryptWithHash(obj, key, iv, (n) => new Uint8Array(n));
  if (extraPadding) {
    // re-encrypt with more padding than allowed
    const plain = igeDecrypt(encryptedAnswer, key, iv);
    const longer = new Uint8Array(plain.length + extraPadding);
    longer.set(plain);
    encryptedAnswer = igeEncrypt(longer, key, iv);
  }
  return { _: 'server_DH_params_ok', nonce: state2.nonce, serverNonce: state2.serverNonce, encryptedAnswer } as TlObject;
}

describe('protocol/mtproto: every handshake check fails on its own', () => {
  it('resPQ with another nonce: nonce', () => {
    const s = steps();
    const bad = { ...s.resPQ, nonce: randomBytes(16) } as TlObject;
    const e = securityError(() => handshakeStep(s.options, s.start.state, bad, s.crandom, NOW), 'nonce');
    expect(e.expected).to.equal(Buffer.from(s.start.state.step === 'res-pq' ? s.start.state.nonce : []).toString('hex'));
  });

  it('resPQ offering none of our keys: rsa-fingerprint, with got and expected', () => {
    const s = steps();
    const e = securityError(() => handshakeStep({ ...s.options, publicKeys: [keys.strangerPublicKey] }, s.start.state, s.resPQ, s.crandom, NOW), 'rsa-fingerprint');
    expect(e.got).to.have.length(1);
    expect(e.expected).to.have.length(1);
  });

  it('resPQ with a prime pq, or one longer than 64 bits: pq (and no endless factoring)', () => {
    const s = steps();
    const prime = bigintToBytes(18446744073709551557n, 8); // the largest prime below 2^64
    securityError(() => handshakeStep(s.options, s.start.state, { ...s.resPQ, pq: prime }, s.crandom, NOW), 'pq');
    securityError(() => handshakeStep(s.options, s.start.state, { ...s.resPQ, pq: randomBytes(9) }, s.crandom, NOW), 'pq');
    securityError(() => handshakeStep(s.options, s.start.state, { ...s.resPQ, pq: bigintToBytes(49n, 1) }, s.crandom, NOW), 'pq');
  });

  it('server_DH_params_ok with another nonce or server_nonce', () => {
    const s = steps();
    securityError(() => handshakeStep(s.options, s.state2, { ...s.dhParams, nonce: randomBytes(16) }, s.crandom, NOW), 'nonce');
    securityError(() => handshakeStep(s.options, s.state2, { ...s.dhParams, serverNonce: randomBytes(16) }, s.crandom, NOW), 'server-nonce');
  });

  it('a tampered encrypted answer: answer-hash (late byte: SHA1 mismatch; first byte: no object), answer-length', () => {
    const s = steps();
    const answer = s.dhParams.encryptedAnswer;
    for (const at of [answer.length - 20, 0, 100]) {
      const tampered = answer.slice();
      tampered[at] ^= 0x01;
      securityError(() => handshakeStep(s.options, s.state2, { ...s.dhParams, encryptedAnswer: tampered }, s.crandom, NOW), 'answer-hash');
    }
    securityError(
      () => handshakeStep(s.options, s.state2, { ...s.dhParams, encryptedAnswer: answer.subarray(0, answer.length - 4) }, s.crandom, NOW),
      'answer-length',
    );
  });

  it('more than 15 bytes of padding after server_DH_inner_data: answer-padding', () => {
    const s = steps();
    const bad = craftedDhParams(s.state2, {}, 16);
    securityError(() => handshakeStep(s.options, s.state2, bad, s.crandom, NOW), 'answer-padding');
    // the same answer, rightly padded, passes
    expect(handshakeStep(s.options, s.state2, craftedDhParams(s.state2, {}), s.crandom, NOW).kind).to.equal('request');
  });

  it('server_DH_inner_data with another nonce or server_nonce', () => {
    const s = steps();
    securityError(() => handshakeStep(s.options, s.state2, craftedDhParams(s.state2, { nonce: randomBytes(16) }), s.crandom, NOW), 'nonce');
    securityError(() => handshakeStep(s.options, s.state2, craftedDhParams(s.state2, { serverNonce: randomBytes(16) }), s.crandom, NOW), 'server-nonce');
  });

  it('a dh_prime that is not a safe prime: dh-prime; a g that does not fit it: dh-g; a short prime: dh-prime', () => {
    const s = steps();
    const notSafe = bigintToBytes(TELEGRAM_DH_PRIME + 6n, 256); // 2 mod 3, 2048 bits, not a safe prime
    securityError(() => handshakeStep(s.options, s.state2, craftedDhParams(s.state2, { dhPrime: notSafe }), s.crandom, NOW), 'dh-prime');
    securityError(() => handshakeStep(s.options, s.state2, craftedDhParams(s.state2, { g: 2 }), s.crandom, NOW), 'dh-g');
    securityError(() => handshakeStep(s.options, s.state2, craftedDhParams(s.state2, { dhPrime: bigintToBytes(23n, 1) }), s.crandom, NOW), 'dh-prime');
  });

  it('the emulator with a dh_prime that is not safe: the client refuses it (dh-prime)', () => {
    securityError(() => exchange({}, { dhPrime: TELEGRAM_DH_PRIME + 6n }), 'dh-prime');
  });

  it('g_a out of range: g-a, with got and expected', () => {
    const s = steps();
    for (const gA of [1n, 2n, TELEGRAM_DH_PRIME - 1n, 1n << 1000n, TELEGRAM_DH_PRIME - (1n << 1000n)]) {
      const e = securityError(
        () => handshakeStep(s.options, s.state2, craftedDhParams(s.state2, { gA: bigintToBytes(gA, 256) }), s.crandom, NOW),
        'g-a',
      );
      expect(e.got).to.equal(gA);
    }
  });

  it('an answer of the wrong kind inside the encryption: unexpected-message', () => {
    const s = steps();
    const { key, iv } = tmpAesKeyIv(s.state2.newNonce, s.state2.serverNonce);
    const encryptedAnswer = encryptWithHash({ _: 'boolTrue' } as unknown as TlObject, key, iv, (n) => new Uint8Array(n));
    handshakeError(() => handshakeStep(s.options, s.state2, { ...s.dhParams, encryptedAnswer }, s.crandom, NOW), 'unexpected-message');
  });

  it('server_DH_params_fail: a correct new_nonce_hash is a HandshakeError, a wrong one a SecurityError', () => {
    const s = steps();
    const fail = { _: 'server_DH_params_fail', nonce: s.state2.nonce, serverNonce: s.state2.serverNonce, newNonceHash: dhParamsFailHash(s.state2.newNonce) } as const;
    handshakeError(() => handshakeStep(s.options, s.state2, fail, s.crandom, NOW), 'server-dh-params-fail');
    securityError(() => handshakeStep(s.options, s.state2, { ...fail, newNonceHash: randomBytes(16) }, s.crandom, NOW), 'new-nonce-hash');
  });

  it('dh_gen_ok/retry/fail with a wrong new_nonce_hash1/2/3, or another nonce', () => {
    const s = steps();
    const { state3, dhGen } = s.toDhGen();
    expect(dhGen._).to.equal('dh_gen_ok');
    const ids = { nonce: dhGen.nonce, serverNonce: dhGen.serverNonce };
    securityError(() => handshakeStep(s.options, state3, { ...dhGen, newNonceHash1: randomBytes(16) }, s.crandom, NOW), 'new-nonce-hash1');
    // hash1 where hash2 belongs: an attacker turning dh_gen_ok into dh_gen_retry
    securityError(() => handshakeStep(s.options, state3, { _: 'dh_gen_retry', ...ids, newNonceHash2: dhGen.newNonceHash1 }, s.crandom, NOW), 'new-nonce-hash2');
    securityError(() => handshakeStep(s.options, state3, { _: 'dh_gen_fail', ...ids, newNonceHash3: dhGen.newNonceHash1 }, s.crandom, NOW), 'new-nonce-hash3');
    securityError(() => handshakeStep(s.options, state3, { ...dhGen, nonce: randomBytes(16) }, s.crandom, NOW), 'nonce');
    securityError(() => handshakeStep(s.options, state3, { ...dhGen, serverNonce: randomBytes(16) }, s.crandom, NOW), 'server-nonce');
    // and the genuine answer still finishes
    expect(handshakeStep(s.options, state3, dhGen, s.crandom, NOW).kind).to.equal('done');
  });

  it('dh_gen_fail with a correct new_nonce_hash3: HandshakeError dh-gen-fail', () => {
    const s = steps();
    const { state3, dhGen } = s.toDhGen();
    if (state3.step !== 'dh-gen') throw new Error('expected the dh-gen state');
    const fail = { _: 'dh_gen_fail', nonce: dhGen.nonce, serverNonce: dhGen.serverNonce, newNonceHash3: newNonceHash(state3.newNonce, 3, state3.authKeyAuxHash) } as const;
    handshakeError(() => handshakeStep(s.options, state3, fail, s.crandom, NOW), 'dh-gen-fail');
  });

  it('an unexpected constructor at any step: unexpected-message, naming both', () => {
    const s = steps();
    const e = handshakeError(() => handshakeStep(s.options, s.start.state, s.dhParams, s.crandom, NOW), 'unexpected-message');
    expect(e.got).to.equal('server_DH_params_ok');
    handshakeError(() => handshakeStep(s.options, s.state2, s.resPQ, s.crandom, NOW), 'unexpected-message');
    handshakeError(() => handshakeStep(s.options, s.state2, { _: 'pong', msgId: 1n, pingId: 2n }, s.crandom, NOW), 'unexpected-message');
    handshakeError(() => handshakeStep(s.options, s.state2, null as unknown as TlObject, s.crandom, NOW), 'unexpected-message');
  });

  it('the wrapper: no step before start, none after the end or after an error', () => {
    const c = new ClientHandshake({ publicKeys: [keys.publicKey], dcId: 2 });
    handshakeError(() => c.step({ _: 'boolTrue' } as unknown as TlObject), 'finished');
    c.start();
    handshakeError(() => c.start(), 'finished');
    handshakeError(() => c.step({ _: 'pong', msgId: 1n, pingId: 2n }), 'unexpected-message');
    expect(c.finished).to.equal(true);
    handshakeError(() => c.step({ _: 'pong', msgId: 1n, pingId: 2n }), 'finished');
  });
});

describe('protocol/mtproto: plain message framing', () => {
  const body = encode({ _: 'req_pq_multi', nonce: new Uint8Array(16).fill(7) });

  it('packs auth_key_id 0, msg_id, length, body and unpacks them back', () => {
    const frame = packPlain(0x6a46706100000004n, body);
    expect(frame.subarray(0, 8)).to.deep.equal(new Uint8Array(8));
    expect(Buffer.from(frame.subarray(8, 20)).toString('hex')).to.equal('04000000617046 6a14000000'.replace(/ /g, ''));
    expect(unpackPlain(frame, 'client')).to.deep.equal({ msgId: 0x6a46706100000004n, body });
  });

  it('refuses a frame that is not plain, too short, or of inconsistent length (SecurityError)', () => {
    const frame = packPlain(4n, body);
    const keyed = frame.slice();
    keyed[3] = 1;
    securityError(() => unpackPlain(keyed), 'plain-auth-key-id');
    securityError(() => unpackPlain(frame.subarray(0, 19)), 'plain-size');
    securityError(() => unpackPlain(frame.subarray(0, frame.length - 4)), 'plain-length');
    const longer = new Uint8Array(frame.length + 4);
    longer.set(frame);
    securityError(() => unpackPlain(longer), 'plain-length');
    const odd = frame.slice();
    odd[16] = 0x13; // length 19
    securityError(() => unpackPlain(odd.subarray(0, 20 + 19)), 'plain-length');
  });

  it('checks msg_id parity when told who sent it', () => {
    securityError(() => unpackPlain(packPlain(5n, body), 'client'), 'plain-msg-id');
    securityError(() => unpackPlain(packPlain(4n, body), 'server'), 'plain-msg-id');
    expect(unpackPlain(packPlain(7n, body), 'server').msgId).to.equal(7n);
  });

  it('refuses to pack a body that is not whole words, or a msg_id that is not a long', () => {
    expect(() => packPlain(4n, new Uint8Array(3))).to.throw(TypeError);
    expect(() => packPlain(1n << 64n, body)).to.throw(TypeError);
    expect(unpackPlain(packPlain((1n << 64n) - 4n, body)).msgId).to.equal(-4n);
  });
});
