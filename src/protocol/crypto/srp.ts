/**
 * 2FA passwords: Telegram's SRP (core.telegram.org/api/srp) with the KDF
 * passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow.
 *
 *   H(data)     = SHA256(data);  SH(data, salt) = H(salt | data | salt)
 *   PH1         = SH(SH(password, salt1), salt2)
 *   x           = SH(PBKDF2-HMAC-SHA512(PH1, salt1, 100000), salt2)
 *   v           = g^x mod p;  k = H(p | g);  u = H(g_a | g_b)
 *   client:  g_a = g^a;  t = (g_b - k v) mod p;  s_a = t^(a + u x);  K = H(s_a)
 *   server:  g_b = (k v + g^b) mod p;  s_b = (g_a v^u)^b;  K = H(s_b)
 *   M1          = H(H(p) xor H(g) | H(salt1) | H(salt2) | g_a | g_b | K)
 * Numbers are hashed as 256 big-endian bytes; all arithmetic is mod p.
 */
import { pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import type { tl } from '../../schema/index.js';
import { CryptoInputError, SecurityError } from '../errors.js';
import { bigintToBytes, bytesToBigint, expectBytes } from './bytes.js';
import { checkDhPrime, checkDhValue } from './dh.js';
import { randomBytes, sha256 } from './hash.js';
import { modPow } from './modpow.js';

export type SrpAlgo = tl.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;

const SIZE = 256;
const pad = (v: bigint) => bigintToBytes(v, SIZE);

interface Params {
  g: bigint;
  p: bigint;
  pBytes: Uint8Array;
  gBytes: Uint8Array;
  k: bigint;
}

/** g and p of the algorithm, checked (SecurityError) like the handshake's. */
function params(algo: SrpAlgo): Params {
  if (!algo || algo._ !== 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow') {
    throw new CryptoInputError('algo', `unsupported password KDF ${JSON.stringify((algo as { _?: string })?._)}`);
  }
  expectBytes('algo.p', algo.p);
  const p = bytesToBigint(algo.p);
  checkDhPrime(p, algo.g);
  const pBytes = pad(p);
  const gBytes = pad(BigInt(algo.g));
  return { g: BigInt(algo.g), p, pBytes, gBytes, k: bytesToBigint(sha256(pBytes, gBytes)) % p };
}

/** x = PH2(password, salt1, salt2), the private exponent behind the verifier. */
function passwordHash(algo: SrpAlgo, password: string | Uint8Array): bigint {
  const pw = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  expectBytes('password', pw);
  const sh = (data: Uint8Array, salt: Uint8Array) => sha256(salt, data, salt);
  const ph1 = sh(sh(pw, algo.salt1), algo.salt2);
  return bytesToBigint(sh(pbkdf2Sync(ph1, algo.salt1, 100000, 64, 'sha512'), algo.salt2));
}

function proof(pr: Params, algo: SrpAlgo, A: Uint8Array, B: Uint8Array, s: bigint): Uint8Array {
  const hp = sha256(pr.pBytes);
  const hg = sha256(pr.gBytes);
  for (let i = 0; i < hp.length; i++) hp[i] ^= hg[i];
  return sha256(hp, sha256(algo.salt1), sha256(algo.salt2), A, B, sha256(pad(s)));
}

/**
 * The `password` argument of auth.checkPassword & co. for the account.password
 * the server sent (its current_algo, srp_B, srp_id). `random` is the 256-byte
 * secret a, for tests; without it a fresh one is drawn until g_a passes the DH checks.
 */
export function passwordCheck(
  algo: SrpAlgo,
  srpB: Uint8Array,
  srpId: bigint,
  password: string | Uint8Array,
  random?: Uint8Array,
): tl.InputCheckPasswordSRP {
  const pr = params(algo);
  expectBytes('srpB', srpB);
  if (random !== undefined) expectBytes('random', random, SIZE);
  const gb = bytesToBigint(srpB);
  if (gb <= 0n || gb >= pr.p) throw new SecurityError('srp-b', 'srp_B must be in (0, p)', { got: gb });
  const B = pad(gb);
  const x = passwordHash(algo, password);
  const kv = (pr.k * modPow(pr.g, x, pr.p)) % pr.p;
  const t = (((gb - kv) % pr.p) + pr.p) % pr.p;
  checkDhValue(t, pr.p);

  for (;;) {
    const a = bytesToBigint(random ?? randomBytes(SIZE));
    const ga = modPow(pr.g, a, pr.p);
    const A = pad(ga);
    const u = bytesToBigint(sha256(A, B));
    let usable = u !== 0n;
    try {
      checkDhValue(ga, pr.p);
    } catch (e) {
      if (random !== undefined) throw e;
      usable = false;
    }
    if (!usable) {
      if (random !== undefined) throw new SecurityError('srp-u', 'u = H(g_a | g_b) is zero for this random');
      continue;
    }
    const s = modPow(t, a + u * x, pr.p);
    return { _: 'inputCheckPasswordSRP', srpId, A, M1: proof(pr, algo, A, B, s) };
  }
}

/** v = g^x mod p as 256 bytes: what a server stores for a password (the new_password_hash of account.passwordInputSettings). */
export function srpVerifier(algo: SrpAlgo, password: string | Uint8Array): Uint8Array {
  const pr = params(algo);
  return pad(modPow(pr.g, passwordHash(algo, password), pr.p));
}

/** One server-side SRP exchange: B to send as srp_B, and the check of the client's answer. */
export interface SrpServer {
  B: Uint8Array;
  /** True iff A and M1 prove knowledge of the password behind the verifier. */
  verify(A: Uint8Array, M1: Uint8Array): boolean;
}

/** The server side, for the emulator: B = (k v + g^b) mod p from the verifier and a secret b (256 bytes, random by default). */
export function srpServer(algo: SrpAlgo, verifier: Uint8Array, random?: Uint8Array): SrpServer {
  const pr = params(algo);
  expectBytes('verifier', verifier);
  const v = bytesToBigint(verifier);
  for (;;) {
    const bytes = random ?? randomBytes(SIZE);
    expectBytes('random', bytes, SIZE);
    const b = bytesToBigint(bytes);
    const gb = modPow(pr.g, b, pr.p);
    try {
      checkDhValue(gb, pr.p);
    } catch (e) {
      if (random !== undefined) throw e;
      continue;
    }
    const B = pad((pr.k * v + gb) % pr.p);
    return {
      B,
      verify(A: Uint8Array, M1: Uint8Array): boolean {
        if (!(A instanceof Uint8Array) || !(M1 instanceof Uint8Array) || A.length > SIZE || M1.length !== 32) return false;
        const ga = bytesToBigint(A);
        try {
          checkDhValue(ga, pr.p);
        } catch {
          return false;
        }
        const Ap = pad(ga);
        const u = bytesToBigint(sha256(Ap, B));
        const s = modPow((ga * modPow(v, u, pr.p)) % pr.p, b, pr.p);
        return timingSafeEqual(proof(pr, algo, Ap, B, s), M1);
      },
    };
  }
}
