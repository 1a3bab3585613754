/**
 * The client side of the MTProto key exchange (core.telegram.org/mtproto/auth_key),
 * sans IO. Each step is a pure function of (options, state, server answer,
 * random source, now) returning the next request and state; `ClientHandshake`
 * holds the state and draws randomness and time. Plain framing and sockets are
 * the driver's (`plain.ts`, `net`).
 *
 *   req_pq_multi            -> resPQ
 *   req_DH_params           -> server_DH_params_ok | server_DH_params_fail
 *   set_client_DH_params    -> dh_gen_ok | dh_gen_retry (again) | dh_gen_fail
 *
 * Randomness is drawn in the order of the spec's worked example
 * (core.telegram.org/mtproto/samples-auth_key): nonce (16); new_nonce (32),
 * then RSA_PAD's padding and temp_key; b (256), then the 0..15 padding bytes
 * of client_DH_inner_data. A scripted source therefore replays the example.
 *
 * Every failed check throws SecurityError naming it (`nonce`, `server-nonce`,
 * `rsa-fingerprint`, `pq`, `answer-length`, `answer-hash`, `answer-padding`,
 * `dh-prime`, `dh-g`, `g-a`, `new-nonce-hash`, `new-nonce-hash1/2/3`); an answer
 * of the wrong kind, or a refusal the server proved it made, is a HandshakeError.
 */
import { checkPrimeSync, timingSafeEqual } from 'node:crypto';
import { encode, readObject, TlReader, type TlObject, type tl } from '../../schema/index.js';
import {
  authKeyId,
  bigintToBytes,
  bytesToBigint,
  checkDhPrime,
  checkDhValue,
  factorize,
  igeDecrypt,
  igeEncrypt,
  modPow,
  randomBytes,
  rsaEncryptLegacy,
  rsaFingerprint,
  rsaPadEncrypt,
  sha1,
  type RandomSource,
} from '../crypto/index.js';
import { CryptoInputError, SecurityError } from '../errors.js';

// ---------------------------------------------------------------- errors

export type HandshakeErrorReason =
  /** The peer sent a message this step does not take. */
  | 'unexpected-message'
  /** server_DH_params_fail, with a correct new_nonce_hash: the server refused our DH request. */
  | 'server-dh-params-fail'
  /** dh_gen_fail, with a correct new_nonce_hash3. */
  | 'dh-gen-fail'
  /** dh_gen_retry more often than `maxRetries`. */
  | 'too-many-retries'
  /** p_q_inner_data named a DC this server is not (Telegram closes with transport error -444). */
  | 'invalid-dc'
  /** `step` after the exchange finished or failed. */
  | 'finished';

const RETRYABLE = new Set<HandshakeErrorReason>(['server-dh-params-fail', 'dh-gen-fail', 'too-many-retries']);

/**
 * The key exchange ended without a key, for a reason that is not a failed
 * security check (those are SecurityError). `retryable`: a new exchange on a
 * new connection may well succeed.
 */
export class HandshakeError extends Error {
  override readonly name = 'HandshakeError';
  readonly retryable: boolean;
  readonly got?: unknown;
  readonly expected?: unknown;
  constructor(
    readonly reason: HandshakeErrorReason,
    message: string,
    details: { got?: unknown; expected?: unknown } = {},
  ) {
    super(`${reason}: ${message}`);
    this.retryable = RETRYABLE.has(reason);
    this.got = details.got;
    this.expected = details.expected;
  }
}

// ---------------------------------------------------------------- shared by both sides

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

/** a and b equal, in constant time for equal lengths. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws SecurityError(`check`) unless `got` equals `expected`. */
export function expectSame(check: string, what: string, got: Uint8Array, expected: Uint8Array): void {
  if (!sameBytes(got, expected)) {
    throw new SecurityError(check, `${what} does not match`, { got: hex(got), expected: hex(expected) });
  }
}

/**
 * tmp_aes_key and tmp_aes_iv, which encrypt server_DH_inner_data and client_DH_inner_data:
 *   key = SHA1(new_nonce + server_nonce) + substr(SHA1(server_nonce + new_nonce), 0, 12)
 *   iv  = substr(SHA1(server_nonce + new_nonce), 12, 8) + SHA1(new_nonce + new_nonce) + substr(new_nonce, 0, 4)
 */
export function tmpAesKeyIv(newNonce: Uint8Array, serverNonce: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const ns = sha1(newNonce, serverNonce);
  const sn = sha1(serverNonce, newNonce);
  const nn = sha1(newNonce, newNonce);
  const key = new Uint8Array(32);
  key.set(ns, 0);
  key.set(sn.subarray(0, 12), 20);
  const iv = new Uint8Array(32);
  iv.set(sn.subarray(12, 20), 0);
  iv.set(nn, 8);
  iv.set(newNonce.subarray(0, 4), 28);
  return { key, iv };
}

/** auth_key_aux_hash: the 64 higher-order bits of SHA1(auth_key), i.e. its first 8 bytes. */
export function authKeyAuxHash(authKey: Uint8Array): Uint8Array {
  return sha1(authKey).slice(0, 8);
}

/** auth_key_aux_hash as the TL long that dh_gen_retry's retry_id carries. */
export function auxHashLong(auxHash: Uint8Array): bigint {
  return new DataView(auxHash.buffer, auxHash.byteOffset, 8).getBigInt64(0, true);
}

/** new_nonce_hash1/2/3: the 128 lower-order bits of SHA1(new_nonce + [n] + auth_key_aux_hash). */
export function newNonceHash(newNonce: Uint8Array, n: 1 | 2 | 3, auxHash: Uint8Array): Uint8Array {
  return sha1(newNonce, Uint8Array.of(n), auxHash).slice(4, 20);
}

/** server_DH_params_fail's new_nonce_hash: the 128 lower-order bits of SHA1(new_nonce). */
export function dhParamsFailHash(newNonce: Uint8Array): Uint8Array {
  return sha1(newNonce).slice(4, 20);
}

/** The first server_salt: substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8), read as a TL long. */
export function initialServerSalt(newNonce: Uint8Array, serverNonce: Uint8Array): bigint {
  const b = new Uint8Array(8);
  for (let i = 0; i < 8; i++) b[i] = newNonce[i] ^ serverNonce[i];
  return new DataView(b.buffer).getBigInt64(0, true);
}

/**
 * SHA1(data) + data + random padding to a multiple of 16, AES-256-IGE encrypted:
 * how server_DH_inner_data and client_DH_inner_data travel.
 */
export function encryptWithHash(obj: TlObject, key: Uint8Array, iv: Uint8Array, random: RandomSource): Uint8Array {
  const data = encode(obj);
  const length = 20 + data.length;
  const padding = (16 - (length % 16)) % 16;
  const plain = new Uint8Array(length + padding);
  plain.set(sha1(data), 0);
  plain.set(data, 20);
  if (padding > 0) plain.set(exactly(random, padding), length);
  return igeEncrypt(plain, key, iv);
}

/**
 * The inverse of `encryptWithHash`: decrypts, reads the one TL object after
 * the hash, checks the SHA1 over it, then that 0..15 bytes of padding follow.
 * SecurityError `${check}-length`, `${check}-hash` or `${check}-padding`.
 */
export function decryptWithHash(encrypted: Uint8Array, key: Uint8Array, iv: Uint8Array, check: string): TlObject {
  if (encrypted.length < 32 || encrypted.length % 16 !== 0) {
    throw new SecurityError(`${check}-length`, `encrypted data of ${encrypted.length} bytes is not whole 16-byte blocks with room for a SHA1`, {
      got: encrypted.length,
      expected: 'a multiple of 16, at least 32',
    });
  }
  const plain = igeDecrypt(encrypted, key, iv);
  const r = new TlReader(plain, 20);
  let obj: TlObject;
  try {
    obj = readBareObject(r);
  } catch (e) {
    // Tampered or wrongly keyed data decrypts to noise: it fails here or at the hash below.
    throw new SecurityError(`${check}-hash`, `the decrypted data is not a TL object with its SHA1 (${(e as Error).message})`);
  }
  // The SHA1 authenticates the object; only then is a wrong amount of padding the sender's mistake rather than tampering.
  const hash = sha1(plain.subarray(20, r.pos));
  if (!sameBytes(hash, plain.subarray(0, 20))) {
    throw new SecurityError(`${check}-hash`, 'the SHA1 in front of the decrypted data does not match it', {
      got: hex(plain.subarray(0, 20)),
      expected: hex(hash),
    });
  }
  const padding = plain.length - r.pos;
  if (padding > 15) {
    throw new SecurityError(`${check}-padding`, `${padding} bytes follow the decrypted object`, { got: padding, expected: '0..15' });
  }
  return obj;
}

const GZIP_PACKED = 0x3072cfa1;

/**
 * One boxed TL object, not gzip_packed: the handshake's objects are small and
 * bare, and nothing from an unauthenticated peer should be inflated.
 */
export function readBareObject(r: TlReader): TlObject {
  if (r.remaining >= 4 && new DataView(r.buf.buffer, r.buf.byteOffset + r.pos, 4).getUint32(0, true) === GZIP_PACKED) {
    throw r.error('gzip_packed where a bare handshake object belongs', GZIP_PACKED);
  }
  return readObject(r);
}

/** `random(n)`, checked to be n bytes. */
export function exactly(random: RandomSource, n: number): Uint8Array {
  const b = random(n);
  if (!(b instanceof Uint8Array) || b.length !== n) {
    throw new CryptoInputError('random(n)', `expected ${n} random bytes`, b instanceof Uint8Array ? b.length : typeof b, n);
  }
  return b;
}

/** Draws a secret exponent until g^x falls in the range checkDhValue wants (a few draws at most, unless the source is broken). */
export function drawDhExponent(g: number, dhPrime: bigint, random: RandomSource): { x: bigint; gx: bigint } {
  for (let attempt = 0; attempt < 8; attempt++) {
    const x = bytesToBigint(exactly(random, 256));
    const gx = modPow(BigInt(g), x, dhPrime);
    try {
      checkDhValue(gx, dhPrime);
      return { x, gx };
    } catch {
      // a 2048-bit x lands outside [2^1984, p - 2^1984] with probability ~2^-63: draw again
    }
  }
  throw new CryptoInputError('random(256)', 'the random source keeps giving DH exponents with g^x out of range');
}

/** Runs checkDhValue, naming the check after the value (`g-a`, `g-b`). */
export function checkDhValueAs(check: string, x: bigint, dhPrime: bigint): void {
  try {
    checkDhValue(x, dhPrime);
  } catch (e) {
    if (!(e instanceof SecurityError)) throw e;
    throw new SecurityError(check, `out of range (${e.message})`, { got: e.got, expected: e.expected });
  }
}

// ---------------------------------------------------------------- client

export interface ClientHandshakeOptions {
  /** The server's RSA public keys (PEM); the first whose fingerprint resPQ lists is used. */
  publicKeys: readonly string[];
  /** The DC for p_q_inner_data_dc: add 10000 for test DCs; negative for media DCs. */
  dcId: number;
  /** 'dc' (default): p_q_inner_data_dc. 'legacy': p_q_inner_data, without the DC, as older clients send. */
  innerData?: 'dc' | 'legacy';
  /** A temporary key for PFS (bound later with auth.bindTempAuthKey): p_q_inner_data_temp(_dc) with this lifetime in seconds. */
  tempExpiresIn?: number;
  /** 'pad' (default): RSA_PAD. 'legacy': SHA1 + data + padding under raw RSA, the scheme before 2021. */
  rsaScheme?: 'pad' | 'legacy';
  /** dh_gen_retry answers taken before giving up (HandshakeError 'too-many-retries'). Default 5. */
  maxRetries?: number;
}

export interface HandshakeResult {
  /** 256 bytes. */
  authKey: Uint8Array;
  /** The lower 64 bits of SHA1(auth_key), as a TL long. */
  authKeyId: bigint;
  /** substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8), as a TL long. */
  serverSalt: bigint;
  /** server_time minus local time, in whole seconds. */
  timeOffset: number;
  dcId: number;
  /** Set when the key is temporary: its lifetime from now, in seconds. */
  tempExpiresIn?: number;
}

interface Nonces {
  nonce: Uint8Array;
  serverNonce: Uint8Array;
  newNonce: Uint8Array;
}

/** Where the client's exchange stands: what it sent last and what it keeps for the answer. */
export type ClientHandshakeState =
  | { step: 'res-pq'; nonce: Uint8Array }
  | ({ step: 'server-dh-params' } & Nonces)
  | ({
      step: 'dh-gen';
      tmpAesKey: Uint8Array;
      tmpAesIv: Uint8Array;
      g: number;
      dhPrime: bigint;
      gA: bigint;
      timeOffset: number;
      /** retry_id sent with the current attempt. */
      retryId: bigint;
      retries: number;
      /** The auth key of the current attempt, and its aux hash. */
      authKey: Uint8Array;
      authKeyAuxHash: Uint8Array;
    } & Nonces);

/** The outcome of one step: a request to send and the state to keep, or the finished key. */
export type ClientStep =
  | { kind: 'request'; request: tl.ReqDHParamsRequest | tl.SetClientDHParamsRequest; state: ClientHandshakeState }
  | { kind: 'done'; result: HandshakeResult };

/** Step 1: req_pq_multi with a fresh nonce. */
export function startHandshake(random: RandomSource): { request: tl.ReqPqMultiRequest; state: ClientHandshakeState } {
  const nonce = exactly(random, 16);
  return { request: { _: 'req_pq_multi', nonce }, state: { step: 'res-pq', nonce } };
}

/** One step: the answer to the request `state` was made for. `now` is local time in milliseconds. */
export function handshakeStep(
  options: ClientHandshakeOptions,
  state: ClientHandshakeState,
  answer: TlObject,
  random: RandomSource,
  now: number,
): ClientStep {
  switch (state.step) {
    case 'res-pq':
      return onResPQ(options, state, expectAnswer(answer, ['resPQ']), random);
    case 'server-dh-params':
      return onServerDhParams(state, expectAnswer(answer, ['server_DH_params_ok', 'server_DH_params_fail']), random, now);
    case 'dh-gen':
      return onDhGenAnswer(options, state, expectAnswer(answer, ['dh_gen_ok', 'dh_gen_retry', 'dh_gen_fail']), random);
  }
}

function expectAnswer<N extends TlObject['_']>(answer: TlObject, names: readonly N[]): Extract<TlObject, { _: N }> {
  const name = (answer as { _?: unknown } | null)?._;
  if (typeof name !== 'string' || !(names as readonly string[]).includes(name)) {
    throw new HandshakeError('unexpected-message', `expected ${names.join(' or ')}, got ${typeof name === 'string' ? name : typeof answer}`, {
      got: name,
      expected: names,
    });
  }
  return answer as Extract<TlObject, { _: N }>;
}

/** Step 2: check resPQ, choose the key, factor pq, send req_DH_params with the encrypted inner data. */
function onResPQ(
  options: ClientHandshakeOptions,
  state: Extract<ClientHandshakeState, { step: 'res-pq' }>,
  res: tl.ResPQ,
  random: RandomSource,
): ClientStep {
  expectSame('nonce', 'resPQ.nonce', res.nonce, state.nonce);
  const fingerprints = res.serverPublicKeyFingerprints.map((f) => BigInt.asIntN(64, f));
  const key = options.publicKeys.find((pem) => fingerprints.includes(rsaFingerprint(pem)));
  if (key === undefined) {
    throw new SecurityError('rsa-fingerprint', 'the server offers no RSA key we know', {
      got: fingerprints.map(fingerprintHex),
      expected: options.publicKeys.map((pem) => fingerprintHex(rsaFingerprint(pem))),
    });
  }
  const [p, q] = splitPq(res.pq);
  const newNonce = exactly(random, 32);
  const nonces: Nonces = { nonce: state.nonce, serverNonce: res.serverNonce, newNonce };
  const inner = pqInnerData(options, nonces, res.pq, p, q);
  const data = encode(inner);
  const encryptedData = options.rsaScheme === 'legacy' ? rsaEncryptLegacy(data, key, random) : rsaPadEncrypt(data, key, random);
  return {
    kind: 'request',
    request: {
      _: 'req_DH_params',
      nonce: state.nonce,
      serverNonce: res.serverNonce,
      p: minimalBytes(p),
      q: minimalBytes(q),
      publicKeyFingerprint: rsaFingerprint(key),
      encryptedData,
    },
    state: { step: 'server-dh-params', ...nonces },
  };
}

const fingerprintHex = (f: bigint) => BigInt.asUintN(64, f).toString(16).padStart(16, '0');

/** pq (big-endian, at most 64 bits) into primes p < q. SecurityError 'pq' for anything else. */
function splitPq(pqBytes: Uint8Array): [bigint, bigint] {
  const pq = bytesToBigint(pqBytes);
  if (pqBytes.length > 8 || pq < 6n) {
    throw new SecurityError('pq', 'pq must be a product of two primes below 2^64', { got: hex(pqBytes), expected: 'at most 8 bytes' });
  }
  // A prime would send Pollard's rho around its whole cycle (~2^32 steps): refuse it first.
  if (checkPrimeSync(pq)) throw new SecurityError('pq', 'pq is prime', { got: pq });
  let p: bigint;
  let q: bigint;
  try {
    [p, q] = factorize(pq);
  } catch (e) {
    throw new SecurityError('pq', `pq does not factor: ${(e as Error).message}`, { got: pq });
  }
  if (p === q) throw new SecurityError('pq', 'pq is a square, not a product of two different primes', { got: pq });
  return [p, q];
}

function pqInnerData(options: ClientHandshakeOptions, n: Nonces, pq: Uint8Array, p: bigint, q: bigint): tl.TypePQInnerData {
  const common = { pq, p: minimalBytes(p), q: minimalBytes(q), nonce: n.nonce, serverNonce: n.serverNonce, newNonce: n.newNonce };
  const legacy = options.innerData === 'legacy';
  const expiresIn = options.tempExpiresIn;
  if (expiresIn !== undefined) {
    return legacy ? { _: 'p_q_inner_data_temp', ...common, expiresIn } : { _: 'p_q_inner_data_temp_dc', ...common, dc: options.dcId, expiresIn };
  }
  return legacy ? { _: 'p_q_inner_data', ...common } : { _: 'p_q_inner_data_dc', ...common, dc: options.dcId };
}

/** A positive bigint as the shortest big-endian byte string, as p and q travel. */
export function minimalBytes(v: bigint): Uint8Array {
  return bigintToBytes(v, Math.max(1, Math.ceil(v.toString(16).length / 2)));
}

/** Step 3: check and decrypt the DH parameters, check them, send set_client_DH_params. */
function onServerDhParams(
  state: Extract<ClientHandshakeState, { step: 'server-dh-params' }>,
  answer: tl.TypeServerDHParams,
  random: RandomSource,
  now: number,
): ClientStep {
  expectSame('nonce', `${answer._}.nonce`, answer.nonce, state.nonce);
  expectSame('server-nonce', `${answer._}.server_nonce`, answer.serverNonce, state.serverNonce);
  if (answer._ === 'server_DH_params_fail') {
    const expected = dhParamsFailHash(state.newNonce);
    expectSame('new-nonce-hash', 'server_DH_params_fail.new_nonce_hash', answer.newNonceHash, expected);
    throw new HandshakeError('server-dh-params-fail', 'the server refused req_DH_params (server_DH_params_fail)');
  }
  const { key, iv } = tmpAesKeyIv(state.newNonce, state.serverNonce);
  const inner = decryptWithHash(answer.encryptedAnswer, key, iv, 'answer');
  if (inner._ !== 'server_DH_inner_data') {
    throw new HandshakeError('unexpected-message', `expected server_DH_inner_data in the encrypted answer, got ${inner._}`, {
      got: inner._,
      expected: 'server_DH_inner_data',
    });
  }
  expectSame('nonce', 'server_DH_inner_data.nonce', inner.nonce, state.nonce);
  expectSame('server-nonce', 'server_DH_inner_data.server_nonce', inner.serverNonce, state.serverNonce);
  const dhPrime = bytesToBigint(inner.dhPrime);
  checkDhPrime(dhPrime, inner.g);
  const gA = bytesToBigint(inner.gA);
  checkDhValueAs('g-a', gA, dhPrime);
  const base = {
    nonce: state.nonce,
    serverNonce: state.serverNonce,
    newNonce: state.newNonce,
    tmpAesKey: key,
    tmpAesIv: iv,
    g: inner.g,
    dhPrime,
    gA,
    timeOffset: inner.serverTime - Math.floor(now / 1000),
  };
  return clientDhParams(base, 0n, 0, random);
}

type DhGenState = Extract<ClientHandshakeState, { step: 'dh-gen' }>;

/** set_client_DH_params for one attempt: a fresh b, g_b, and the auth key it makes. */
function clientDhParams(
  base: Omit<DhGenState, 'step' | 'retryId' | 'retries' | 'authKey' | 'authKeyAuxHash'>,
  retryId: bigint,
  retries: number,
  random: RandomSource,
): ClientStep {
  const { x: b, gx: gB } = drawDhExponent(base.g, base.dhPrime, random);
  const inner: tl.ClientDHInnerData = {
    _: 'client_DH_inner_data',
    nonce: base.nonce,
    serverNonce: base.serverNonce,
    retryId,
    gB: bigintToBytes(gB, 256),
  };
  const encryptedData = encryptWithHash(inner, base.tmpAesKey, base.tmpAesIv, random);
  const authKey = bigintToBytes(modPow(base.gA, b, base.dhPrime), 256);
  return {
    kind: 'request',
    request: { _: 'set_client_DH_params', nonce: base.nonce, serverNonce: base.serverNonce, encryptedData },
    state: { step: 'dh-gen', ...base, retryId, retries, authKey, authKeyAuxHash: authKeyAuxHash(authKey) },
  };
}

/** Step 4: dh_gen_ok finishes; dh_gen_retry sends set_client_DH_params again; dh_gen_fail fails. */
function onDhGenAnswer(
  options: ClientHandshakeOptions,
  state: DhGenState,
  answer: tl.TypeSetClientDHParamsAnswer,
  random: RandomSource,
): ClientStep {
  expectSame('nonce', `${answer._}.nonce`, answer.nonce, state.nonce);
  expectSame('server-nonce', `${answer._}.server_nonce`, answer.serverNonce, state.serverNonce);
  const aux = state.authKeyAuxHash;
  switch (answer._) {
    case 'dh_gen_ok': {
      expectSame('new-nonce-hash1', 'dh_gen_ok.new_nonce_hash1', answer.newNonceHash1, newNonceHash(state.newNonce, 1, aux));
      return {
        kind: 'done',
        result: {
          authKey: state.authKey,
          authKeyId: authKeyId(state.authKey),
          serverSalt: initialServerSalt(state.newNonce, state.serverNonce),
          timeOffset: state.timeOffset,
          dcId: options.dcId,
          ...(options.tempExpiresIn !== undefined ? { tempExpiresIn: options.tempExpiresIn } : {}),
        },
      };
    }
    case 'dh_gen_retry': {
      expectSame('new-nonce-hash2', 'dh_gen_retry.new_nonce_hash2', answer.newNonceHash2, newNonceHash(state.newNonce, 2, aux));
      const max = options.maxRetries ?? 5;
      if (state.retries >= max) {
        throw new HandshakeError('too-many-retries', `the server asked to retry more than ${max} times`, { got: state.retries + 1, expected: max });
      }
      const { nonce, serverNonce, newNonce, tmpAesKey, tmpAesIv, g, dhPrime, gA, timeOffset } = state;
      const base = { nonce, serverNonce, newNonce, tmpAesKey, tmpAesIv, g, dhPrime, gA, timeOffset };
      return clientDhParams(base, auxHashLong(aux), state.retries + 1, random);
    }
    case 'dh_gen_fail': {
      expectSame('new-nonce-hash3', 'dh_gen_fail.new_nonce_hash3', answer.newNonceHash3, newNonceHash(state.newNonce, 3, aux));
      throw new HandshakeError('dh-gen-fail', 'the server refused set_client_DH_params (dh_gen_fail)');
    }
  }
}

// ---------------------------------------------------------------- the stateful wrapper

export interface ClientHandshakeDriverOptions extends ClientHandshakeOptions {
  /** Random bytes; node's CSPRNG unless a test scripts them. */
  random?: RandomSource;
  /** Local time in milliseconds since the epoch. */
  now?: () => number;
}

/**
 * One key exchange, for a driver: `start()` gives the first request, and each
 * answer given to `step()` yields the next request or the finished key. Any
 * error ends the exchange (later calls throw HandshakeError 'finished').
 */
export class ClientHandshake {
  private state: ClientHandshakeState | 'idle' | 'finished' = 'idle';
  private readonly random: RandomSource;
  private readonly now: () => number;

  constructor(private readonly options: ClientHandshakeDriverOptions) {
    this.random = options.random ?? randomBytes;
    this.now = options.now ?? Date.now;
  }

  /** True once the exchange has produced a key or failed. */
  get finished(): boolean {
    return this.state === 'finished';
  }

  start(): tl.ReqPqMultiRequest {
    if (this.state !== 'idle') throw new HandshakeError('finished', 'start() was already called');
    const { request, state } = startHandshake(this.random);
    this.state = state;
    return request;
  }

  step(answer: TlObject): { kind: 'request'; request: tl.ReqDHParamsRequest | tl.SetClientDHParamsRequest } | { kind: 'done'; result: HandshakeResult } {
    const state = this.state;
    if (state === 'idle' || state === 'finished') {
      throw new HandshakeError('finished', state === 'idle' ? 'step() before start()' : 'the exchange is over');
    }
    this.state = 'finished';
    const next = handshakeStep(this.options, state, answer, this.random, this.now());
    if (next.kind === 'done') return next;
    this.state = next.state;
    return { kind: 'request', request: next.request };
  }
}
