/**
 * The server side of the MTProto key exchange, for the emulator: the mirror of
 * `protocol/mtproto/handshake.ts`, sharing its key derivations and checks.
 * Sans IO, in the same shape: `serverHandshakeStep` is a pure function of
 * (options, state, client request, random source, now); `ServerHandshake`
 * holds the state and draws randomness and the (possibly skewed) clock.
 *
 *   req_pq_multi | req_pq    -> resPQ
 *   req_DH_params            -> server_DH_params_ok (or _fail, as a fault)
 *   set_client_DH_params     -> dh_gen_ok | dh_gen_retry (auth_key_id taken) | dh_gen_fail (retries used up)
 *
 * Input that fails a check throws SecurityError (or HandshakeError for a
 * message out of turn, or a DC this server is not); the emulator answers those
 * by closing the connection, as Telegram does (with transport error -404 or -444).
 */
import { checkPrimeSync, createPublicKey } from 'node:crypto';
import { TlReader, type TlObject, type tl } from '../../schema/index.js';
import {
  authKeyId,
  bigintToBytes,
  bytesToBigint,
  modPow,
  randomBytes,
  rsaDecryptLegacy,
  rsaFingerprint,
  rsaPadDecrypt,
  TELEGRAM_DH_PRIME,
  type RandomSource,
} from '../../protocol/crypto/index.js';
import { SecurityError } from '../../protocol/errors.js';
import {
  authKeyAuxHash,
  auxHashLong,
  checkDhValueAs,
  decryptWithHash,
  dhParamsFailHash,
  drawDhExponent,
  encryptWithHash,
  exactly,
  expectSame,
  HandshakeError,
  initialServerSalt,
  minimalBytes,
  newNonceHash,
  readBareObject,
  tmpAesKeyIv,
} from '../../protocol/mtproto/handshake.js';

export interface ServerHandshakeOptions {
  /** The server's RSA private keys (PEM, 2048-bit); resPQ offers their fingerprints. */
  privateKeys: readonly string[];
  /**
   * The DC this server is. When set, p_q_inner_data_dc must name it (also
   * accepted: +10000 for a test DC, negative for a media DC); when unset, any.
   */
  dcId?: number;
  /** Default: Telegram's 2048-bit safe prime with g = 3. */
  dhPrime?: bigint;
  g?: number;
  /** Whether an auth key with this id exists already; if so the client is told to retry (dh_gen_retry). */
  authKeyIdInUse?: (authKeyId: bigint) => boolean;
  /** dh_gen_retry answers given before dh_gen_fail. Default 5. */
  maxRetries?: number;
  /** Fault knob: answer req_DH_params with server_DH_params_fail (with a correct new_nonce_hash). */
  refuseDhParams?: () => boolean;
}

export interface ServerHandshakeResult {
  authKey: Uint8Array;
  authKeyId: bigint;
  /** The first salt: substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8). */
  serverSalt: bigint;
  /** From p_q_inner_data_dc (as the client sent it), else the server's own dcId, else 0. */
  dcId: number;
  /** Set for a temporary (PFS) key: its lifetime in seconds. */
  tempExpiresIn?: number;
}

interface Pq {
  nonce: Uint8Array;
  serverNonce: Uint8Array;
  pq: Uint8Array;
  p: bigint;
  q: bigint;
}

/** Where the server's exchange stands: what it answered last and what it keeps for the next request. */
export type ServerHandshakeState =
  | { step: 'req-pq' }
  | ({ step: 'req-dh-params' } & Pq)
  | {
      step: 'set-client-dh-params';
      nonce: Uint8Array;
      serverNonce: Uint8Array;
      newNonce: Uint8Array;
      tmpAesKey: Uint8Array;
      tmpAesIv: Uint8Array;
      g: number;
      dhPrime: bigint;
      a: bigint;
      dcId: number;
      tempExpiresIn?: number;
      /** The retry_id the next set_client_DH_params must carry: 0, then the aux hash of the refused key. */
      retryId: bigint;
      retries: number;
    };

/** The outcome of one request: an answer to send and the state to keep, or the finished key (send `answer` too), or a refusal to send before closing. */
export type ServerStep =
  | { kind: 'answer'; answer: tl.ResPQ | tl.TypeServerDHParams | tl.DhGenRetry; state: ServerHandshakeState }
  | { kind: 'done'; answer: tl.DhGenOk; result: ServerHandshakeResult }
  | { kind: 'failed'; answer: tl.ServerDHParamsFail | tl.DhGenFail; error: HandshakeError };

/** One step of the server: the client's request in `state`. `now` is the server's time in milliseconds. */
export function serverHandshakeStep(
  options: ServerHandshakeOptions,
  state: ServerHandshakeState,
  request: TlObject,
  random: RandomSource,
  now: number,
): ServerStep {
  const name = (request as { _?: unknown } | null)?._;
  switch (state.step) {
    case 'req-pq':
      if (name === 'req_pq_multi' || name === 'req_pq') return onReqPq(options, request as tl.ReqPqMultiRequest, random);
      break;
    case 'req-dh-params':
      if (name === 'req_DH_params') return onReqDhParams(options, state, request as tl.ReqDHParamsRequest, random, now);
      break;
    case 'set-client-dh-params':
      if (name === 'set_client_DH_params') return onSetClientDhParams(options, state, request as tl.SetClientDHParamsRequest);
      break;
  }
  const expected = { 'req-pq': 'req_pq_multi', 'req-dh-params': 'req_DH_params', 'set-client-dh-params': 'set_client_DH_params' }[state.step];
  throw new HandshakeError('unexpected-message', `expected ${expected}, got ${typeof name === 'string' ? name : typeof request}`, {
    got: name,
    expected,
  });
}

// ---------------------------------------------------------------- resPQ

function onReqPq(options: ServerHandshakeOptions, req: tl.ReqPqMultiRequest | tl.ReqPqRequest, random: RandomSource): ServerStep {
  const serverNonce = exactly(random, 16);
  const p0 = randomPrime(random);
  let q0 = randomPrime(random);
  if (q0 === p0) q0 = nextPrime(q0 + 2n);
  const [p, q] = p0 < q0 ? [p0, q0] : [q0, p0];
  const pq = minimalBytes(p * q);
  return {
    kind: 'answer',
    answer: {
      _: 'resPQ',
      nonce: req.nonce,
      serverNonce,
      pq,
      serverPublicKeyFingerprints: options.privateKeys.map(serverKeyFingerprint),
    },
    state: { step: 'req-dh-params', nonce: req.nonce, serverNonce, pq, p, q },
  };
}

/**
 * A prime in [2^30, 2^31) from 4 random bytes: the next prime from a random
 * odd start. Two of them multiply to below 2^62, as Telegram's pq (two ~31-bit
 * primes, sent as 8 big-endian bytes).
 */
function randomPrime(random: RandomSource): bigint {
  const r = exactly(random, 4);
  const start = ((((r[0] << 24) | (r[1] << 16) | (r[2] << 8) | r[3]) >>> 2) | 0x40000000 | 1) >>> 0;
  const p = nextPrime(BigInt(start));
  return p < 1n << 31n ? p : nextPrime(BigInt(0x40000001));
}

function nextPrime(n: bigint): bigint {
  let c = n | 1n;
  while (!checkPrimeSync(c)) c += 2n;
  return c;
}

const fingerprints = new Map<string, bigint>();

/** The fingerprint resPQ lists for a private key (that of its public half). */
export function serverKeyFingerprint(privateKeyPem: string): bigint {
  let f = fingerprints.get(privateKeyPem);
  if (f === undefined) {
    f = rsaFingerprint(publicKeyPemOf(privateKeyPem));
    if (fingerprints.size > 64) fingerprints.clear();
    fingerprints.set(privateKeyPem, f);
  }
  return f;
}

/** The PKCS#1 "RSA PUBLIC KEY" PEM of a private key: what clients are configured with. */
export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
}

// ---------------------------------------------------------------- server_DH_params

const PQ_INNER = new Set(['p_q_inner_data', 'p_q_inner_data_dc', 'p_q_inner_data_temp', 'p_q_inner_data_temp_dc']);

function onReqDhParams(
  options: ServerHandshakeOptions,
  state: Extract<ServerHandshakeState, { step: 'req-dh-params' }>,
  req: tl.ReqDHParamsRequest,
  random: RandomSource,
  now: number,
): ServerStep {
  expectSame('nonce', 'req_DH_params.nonce', req.nonce, state.nonce);
  expectSame('server-nonce', 'req_DH_params.server_nonce', req.serverNonce, state.serverNonce);
  expectFactors('req_DH_params', req.p, req.q, state);
  const fingerprint = BigInt.asIntN(64, req.publicKeyFingerprint);
  const key = options.privateKeys.find((pem) => serverKeyFingerprint(pem) === fingerprint);
  if (key === undefined) {
    throw new SecurityError('rsa-fingerprint', 'req_DH_params names a key this server does not have', {
      got: BigInt.asUintN(64, fingerprint).toString(16),
      expected: options.privateKeys.map((pem) => BigInt.asUintN(64, serverKeyFingerprint(pem)).toString(16)),
    });
  }
  const inner = decryptInner(req.encryptedData, key);
  expectSame('nonce', `${inner._}.nonce`, inner.nonce, state.nonce);
  expectSame('server-nonce', `${inner._}.server_nonce`, inner.serverNonce, state.serverNonce);
  expectSame('pq', `${inner._}.pq`, inner.pq, state.pq);
  expectFactors(inner._, inner.p, inner.q, state);
  const dcId = checkDc(options, inner);
  const tempExpiresIn = 'expiresIn' in inner ? inner.expiresIn : undefined;
  if (tempExpiresIn !== undefined && !(tempExpiresIn > 0)) {
    throw new SecurityError('expires-in', `a temporary key needs a positive lifetime, got ${tempExpiresIn}`, { got: tempExpiresIn, expected: '> 0' });
  }
  const newNonce = inner.newNonce;
  if (options.refuseDhParams?.()) {
    const answer: tl.ServerDHParamsFail = {
      _: 'server_DH_params_fail',
      nonce: state.nonce,
      serverNonce: state.serverNonce,
      newNonceHash: dhParamsFailHash(newNonce),
    };
    return { kind: 'failed', answer, error: new HandshakeError('server-dh-params-fail', 'refused by the refuseDhParams fault knob') };
  }
  const dhPrime = options.dhPrime ?? TELEGRAM_DH_PRIME;
  const g = options.g ?? 3;
  const { x: a, gx: gA } = drawDhExponent(g, dhPrime, random);
  const { key: tmpAesKey, iv: tmpAesIv } = tmpAesKeyIv(newNonce, state.serverNonce);
  const answerInner: tl.ServerDHInnerData = {
    _: 'server_DH_inner_data',
    nonce: state.nonce,
    serverNonce: state.serverNonce,
    g,
    dhPrime: bigintToBytes(dhPrime, 256),
    gA: bigintToBytes(gA, 256),
    serverTime: Math.floor(now / 1000),
  };
  return {
    kind: 'answer',
    answer: {
      _: 'server_DH_params_ok',
      nonce: state.nonce,
      serverNonce: state.serverNonce,
      encryptedAnswer: encryptWithHash(answerInner, tmpAesKey, tmpAesIv, random),
    },
    state: {
      step: 'set-client-dh-params',
      nonce: state.nonce,
      serverNonce: state.serverNonce,
      newNonce,
      tmpAesKey,
      tmpAesIv,
      g,
      dhPrime,
      a,
      dcId,
      ...(tempExpiresIn !== undefined ? { tempExpiresIn } : {}),
      retryId: 0n,
      retries: 0,
    },
  };
}

function expectFactors(where: string, p: Uint8Array, q: Uint8Array, state: Pq): void {
  const gotP = bytesToBigint(p);
  const gotQ = bytesToBigint(q);
  if (gotP !== state.p || gotQ !== state.q) {
    throw new SecurityError('pq-factors', `${where}.p and .q are not the factors of pq (p < q)`, {
      got: [gotP, gotQ],
      expected: [state.p, state.q],
    });
  }
}

/**
 * RSA_PAD first, then the legacy scheme. The inner data must be one
 * p_q_inner_data variant; after RSA_PAD's object only padding follows,
 * after the legacy scheme's nothing.
 */
function decryptInner(encrypted: Uint8Array, privateKeyPem: string): tl.TypePQInnerData {
  if (encrypted.length > 256 || encrypted.length < 200) {
    throw new SecurityError('encrypted-data', `encrypted_data must be 256 bytes, got ${encrypted.length}`, { got: encrypted.length, expected: 256 });
  }
  if (encrypted.length < 256) {
    // The same big-endian number without its leading zero bytes: some clients (mtcute's plain RSA) send it so.
    const full = new Uint8Array(256);
    full.set(encrypted, 256 - encrypted.length);
    encrypted = full;
  }
  let data: Uint8Array;
  let exact: boolean;
  try {
    data = rsaPadDecrypt(encrypted, privateKeyPem);
    exact = false;
  } catch (padError) {
    if (!(padError instanceof SecurityError)) throw padError;
    try {
      data = rsaDecryptLegacy(encrypted, privateKeyPem);
      exact = true;
    } catch (legacyError) {
      if (!(legacyError instanceof SecurityError)) throw legacyError;
      throw new SecurityError('encrypted-data', `encrypted_data is neither RSA_PAD nor the legacy scheme under this key (${padError.message}; ${legacyError.message})`);
    }
  }
  const r = new TlReader(data);
  let inner: TlObject;
  try {
    inner = readBareObject(r);
  } catch (e) {
    throw new SecurityError('inner-data', `the decrypted data is not a TL object: ${(e as Error).message}`);
  }
  if (!PQ_INNER.has(inner._) || (exact && r.pos !== data.length)) {
    throw new SecurityError('inner-data', `expected a p_q_inner_data variant, got ${inner._}${exact && r.pos !== data.length ? ' followed by more data' : ''}`, {
      got: inner._,
      expected: [...PQ_INNER],
    });
  }
  return inner as tl.TypePQInnerData;
}

function checkDc(options: ServerHandshakeOptions, inner: tl.TypePQInnerData): number {
  if (!('dc' in inner)) return options.dcId ?? 0;
  const own = options.dcId;
  if (own !== undefined && ![own, -own, own + 10000, -(own + 10000)].includes(inner.dc)) {
    throw new HandshakeError('invalid-dc', `the client asked for DC ${inner.dc}; this is DC ${own}`, { got: inner.dc, expected: own });
  }
  return inner.dc;
}

// ---------------------------------------------------------------- dh_gen

function onSetClientDhParams(
  options: ServerHandshakeOptions,
  state: Extract<ServerHandshakeState, { step: 'set-client-dh-params' }>,
  req: tl.SetClientDHParamsRequest,
): ServerStep {
  expectSame('nonce', 'set_client_DH_params.nonce', req.nonce, state.nonce);
  expectSame('server-nonce', 'set_client_DH_params.server_nonce', req.serverNonce, state.serverNonce);
  const inner = decryptWithHash(req.encryptedData, state.tmpAesKey, state.tmpAesIv, 'client-dh');
  if (inner._ !== 'client_DH_inner_data') {
    throw new SecurityError('client-dh-inner-data', `expected client_DH_inner_data, got ${inner._}`, { got: inner._, expected: 'client_DH_inner_data' });
  }
  expectSame('nonce', 'client_DH_inner_data.nonce', inner.nonce, state.nonce);
  expectSame('server-nonce', 'client_DH_inner_data.server_nonce', inner.serverNonce, state.serverNonce);
  if (inner.retryId !== state.retryId) {
    throw new SecurityError('retry-id', 'client_DH_inner_data.retry_id is not the aux hash of the refused attempt (0 on the first)', {
      got: inner.retryId,
      expected: state.retryId,
    });
  }
  const gB = bytesToBigint(inner.gB);
  checkDhValueAs('g-b', gB, state.dhPrime);
  const authKey = bigintToBytes(modPow(gB, state.a, state.dhPrime), 256);
  const id = authKeyId(authKey);
  const aux = authKeyAuxHash(authKey);
  const ids = { nonce: state.nonce, serverNonce: state.serverNonce };
  if (options.authKeyIdInUse?.(id)) {
    const max = options.maxRetries ?? 5;
    if (state.retries >= max) {
      return {
        kind: 'failed',
        answer: { _: 'dh_gen_fail', ...ids, newNonceHash3: newNonceHash(state.newNonce, 3, aux) },
        error: new HandshakeError('too-many-retries', `auth_key_id was taken ${state.retries + 1} times in a row`, { got: state.retries + 1, expected: max }),
      };
    }
    return {
      kind: 'answer',
      answer: { _: 'dh_gen_retry', ...ids, newNonceHash2: newNonceHash(state.newNonce, 2, aux) },
      state: { ...state, retryId: auxHashLong(aux), retries: state.retries + 1 },
    };
  }
  return {
    kind: 'done',
    answer: { _: 'dh_gen_ok', ...ids, newNonceHash1: newNonceHash(state.newNonce, 1, aux) },
    result: {
      authKey,
      authKeyId: id,
      serverSalt: initialServerSalt(state.newNonce, state.serverNonce),
      dcId: state.dcId,
      ...(state.tempExpiresIn !== undefined ? { tempExpiresIn: state.tempExpiresIn } : {}),
    },
  };
}

// ---------------------------------------------------------------- the stateful wrapper

export interface ServerHandshakeDriverOptions extends ServerHandshakeOptions {
  random?: RandomSource;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** Added to the clock for server_time: a fault knob for clients' time correction. */
  clockSkewSeconds?: () => number;
}

/**
 * One connection's key exchange on the server: give it each plain request the
 * client sends, send back the answer it returns. On `done` the key is made;
 * on `failed`, or when `receive` throws, close the connection.
 */
export class ServerHandshake {
  private state: ServerHandshakeState | 'finished' = { step: 'req-pq' };
  private readonly random: RandomSource;
  private readonly now: () => number;

  constructor(private readonly options: ServerHandshakeDriverOptions) {
    this.random = options.random ?? randomBytes;
    this.now = options.now ?? Date.now;
  }

  get finished(): boolean {
    return this.state === 'finished';
  }

  receive(request: TlObject): { kind: 'answer'; answer: TlObject } | Exclude<ServerStep, { kind: 'answer' }> {
    const state = this.state;
    if (state === 'finished') throw new HandshakeError('finished', 'the exchange is over');
    this.state = 'finished';
    const now = this.now() + (this.options.clockSkewSeconds?.() ?? 0) * 1000;
    const next = serverHandshakeStep(this.options, state, request, this.random, now);
    if (next.kind !== 'answer') return next;
    this.state = next.state;
    return { kind: 'answer', answer: next.answer };
  }
}

