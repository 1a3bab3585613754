/**
 * SHA-256 (FIPS 180-4) as a kernel of the WebAssembly module (`wasm.ts`),
 * for the short inputs of the message path.
 *
 * Why: node's SHA-256 is fast per byte (SHA-NI) but each call costs ~0.7-1.3
 * us of fixed overhead, and every MTProto message hashes two 52-byte strings
 * for its AES key and IV, on both sides. Here one 64-byte block takes ~0.2 us.
 * Long inputs still go to node (see hash.ts).
 *
 * The function takes a padded message (the caller appends 0x80, zeros and the
 * bit length) from `ptr` to `end`, a whole number of 64-byte blocks, and
 * writes the digest at `out`. All 64 rounds are unrolled; instead of
 * shifting a..h each round, the roles rotate over eight locals.
 */
import { layout } from './wasm-layout.js';
import { Code, op } from './wasm-emit.js';

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** Locals beyond the three parameters (ptr, end, out): the state H, the working a..h, a scratch word. */
export const SHA256_LOCALS = 17;

const PTR = 0;
const END = 1;
const OUT = 2;
const H = 3; // 3..10
const V = 11; // 11..18, a..h at round 0
const T = 19;
const W = layout.shaSchedule;

/** Big-endian word from the little-endian one on the stack (via T). */
function byteSwap(code: Code): void {
  code.tee(T).const(8).op(op.i32Rotl).const(0x00ff00ff).op(op.i32And);
  code.get(T).const(8).op(op.i32Rotr).const(0xff00ff00 | 0).op(op.i32And).op(op.i32Or);
}

/** rotr(x, r1) ^ rotr(x, r2) ^ (shift ? x >>> r3 : rotr(x, r3)) of local x. */
function sigma(code: Code, x: number, r1: number, r2: number, r3: number, shift: boolean): void {
  code.get(x).const(r1).op(op.i32Rotr);
  code.get(x).const(r2).op(op.i32Rotr).op(op.i32Xor);
  code.get(x).const(r3).op(shift ? op.i32ShrU : op.i32Rotr).op(op.i32Xor);
}

export function sha256Kernel(): Code {
  const code = new Code();
  for (let i = 0; i < 8; i++) code.const(H0[i] | 0).set(H + i);
  code.open(op.loop);

  // Message schedule into memory: W[0..15] from the block, W[16..63] from the recurrence.
  for (let t = 0; t < 16; t++) {
    code.const(0).get(PTR).load(4 * t);
    byteSwap(code);
    code.store(W + 4 * t);
  }
  for (let t = 16; t < 64; t++) {
    code.const(0);
    code.const(0).load(W + 4 * (t - 2)).set(T);
    sigma(code, T, 17, 19, 10, true);
    code.const(0).load(W + 4 * (t - 7)).op(op.i32Add);
    code.const(0).load(W + 4 * (t - 15)).set(T);
    sigma(code, T, 7, 18, 3, true);
    code.op(op.i32Add);
    code.const(0).load(W + 4 * (t - 16)).op(op.i32Add);
    code.store(W + 4 * t);
  }

  for (let i = 0; i < 8; i++) code.get(H + i).set(V + i);
  for (let t = 0; t < 64; t++) {
    // Role r (0 = a .. 7 = h) of round t lives in local V + ((r - t) mod 8).
    const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => V + ((((r - t) % 8) + 8) % 8));
    // T = h + Sigma1(e) + Ch(e, f, g) + K[t] + W[t];  Ch = g ^ (e & (f ^ g))
    code.get(h);
    sigma(code, e, 6, 11, 25, false);
    code.op(op.i32Add);
    code.get(g).get(e).get(f).get(g).op(op.i32Xor).op(op.i32And).op(op.i32Xor).op(op.i32Add);
    code.const(K[t] | 0).op(op.i32Add);
    code.const(0).load(W + 4 * t).op(op.i32Add).set(T);
    // d += T (it becomes e);  h = T + Sigma0(a) + Maj(a, b, c) (it becomes a);  Maj = (a & b) | (c & (a | b))
    code.get(d).get(T).op(op.i32Add).set(d);
    code.get(T);
    sigma(code, a, 2, 13, 22, false);
    code.op(op.i32Add);
    code.get(a).get(b).op(op.i32And).get(c).get(a).get(b).op(op.i32Or).op(op.i32And).op(op.i32Or).op(op.i32Add).set(h);
  }
  // 64 rounds: the roles are back where they started.
  for (let i = 0; i < 8; i++) code.get(H + i).get(V + i).op(op.i32Add).set(H + i);
  code.get(PTR).const(64).op(op.i32Add).tee(PTR).get(END).op(op.i32Ne).brIf(0);
  code.op(op.end);

  for (let i = 0; i < 8; i++) {
    code.get(OUT).get(H + i);
    byteSwap(code);
    code.store(4 * i);
  }
  return code;
}
