/**
 * AES lookup tables, computed once at load from GF(2^8) arithmetic instead of
 * pasted as 8 KiB of hex.
 *
 * Words are little-endian columns: byte r of a column (row r of the state) is
 * bits 8r..8r+7. That is how WebAssembly loads and stores them, so the kernel
 * in `aes-kernel.ts` never swaps bytes.
 */

/** S-box and inverse S-box. */
export const SBOX = new Uint8Array(256);
export const INV_SBOX = new Uint8Array(256);

/**
 * Encryption T-tables TE[r * 256 + x]: MixColumns of a column holding S[x] in
 * row r and zeros elsewhere. TE_r is TE_0 rotated left by 8r bits.
 */
export const TE = new Uint32Array(1024);
/** Decryption T-tables: InvMixColumns of a column holding InvS[x] in row r. */
export const TD = new Uint32Array(1024);
/** S[x] and InvS[x] repeated in all four bytes, for the last round (which has no MixColumns). */
export const SBOX4 = new Uint32Array(256);
export const INV_SBOX4 = new Uint32Array(256);

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
export function gmul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a;
    const hi = a & 0x80;
    a = (a << 1) & 0xff;
    if (hi) a ^= 0x1b;
    b >>= 1;
  }
  return p;
}

const rotl = (w: number, n: number) => ((w << n) | (w >>> (32 - n))) >>> 0;
const column = (b0: number, b1: number, b2: number, b3: number) => (b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) >>> 0;

{
  // S(x) = affine(x^-1); the inverse is found by brute force over 256 values.
  for (let x = 0; x < 256; x++) {
    let inv = 0;
    if (x !== 0) for (inv = 1; gmul(x, inv) !== 1; inv++);
    let s = inv;
    for (let i = 1; i < 5; i++) s ^= ((inv << i) | (inv >>> (8 - i))) & 0xff;
    SBOX[x] = s ^ 0x63;
  }
  for (let x = 0; x < 256; x++) INV_SBOX[SBOX[x]] = x;

  for (let x = 0; x < 256; x++) {
    const s = SBOX[x];
    const i = INV_SBOX[x];
    // Column 0 of MixColumns is (2, 1, 1, 3); of InvMixColumns (14, 9, 13, 11).
    const te = column(gmul(s, 2), s, s, gmul(s, 3));
    const td = column(gmul(i, 14), gmul(i, 9), gmul(i, 13), gmul(i, 11));
    for (let r = 0; r < 4; r++) {
      TE[r * 256 + x] = r === 0 ? te : rotl(te, 8 * r);
      TD[r * 256 + x] = r === 0 ? td : rotl(td, 8 * r);
    }
    SBOX4[x] = Math.imul(s, 0x01010101) >>> 0;
    INV_SBOX4[x] = Math.imul(i, 0x01010101) >>> 0;
  }
}
