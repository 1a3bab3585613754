/**
 * The AES-256-IGE kernels of the WebAssembly module (`wasm.ts`): T-table AES
 * with all 14 rounds unrolled, the key schedule in front, the IGE chain kept
 * in the loop.
 *
 * Why WebAssembly: IGE decryption is a strict chain (each block's AES input
 * needs the previous block's plaintext), so node's AES-NI can only be reached
 * one 16-byte call at a time, and each call costs more than the AES itself.
 * A table-driven AES in wasm runs the whole chain in one call. V8 compiles the
 * i32 loads with the table base folded into the address and no bounds checks
 * (guard pages), which plain JavaScript typed arrays cannot match.
 *
 * Tables, keys and the chain live where `wasm-layout.ts` says. The chain holds
 * two IV blocks, the data, and 16 bytes of slack (read, unused, after the last block).
 *
 * The chain is worked in place, output one block behind input: block i is
 * read at slot i and its result written to slot i-1, after slot i-1 (the
 * previous input block, which IGE needs) has been read. Slots -2 and -1 hold
 * the IV halves, so the first block needs no special case:
 *   encrypt: c_i = E(m_i ^ c_{i-1}) ^ m_{i-1}   slot -2 = c_{-1} = iv[0:16], slot -1 = m_{-1} = iv[16:32]
 *   decrypt: m_i = D(c_i ^ m_{i-1}) ^ c_{i-1}   slot -2 = m_{-1} = iv[16:32], slot -1 = c_{-1} = iv[0:16]
 * In both, with q pointing at slot i-2: AES input = [q+32] ^ [q], result ^= [q+16], stored at q+16.
 *
 * Measured on the development machine (AMD EPYC, node 20): ~300-310 MB/s either
 * direction on long inputs, against ~255 MB/s for mtcute's C compiled to wasm;
 * ~60 ns a block plus ~0.3 us (encrypt) or ~0.5 us (decrypt, which also
 * inverts the key schedule) a call. One chain already uses the CPU's whole
 * instruction throughput: V8's code is ~1,290 x86 instructions a block (265 of
 * them register spills), ~6-7 a cycle at ~52 ns a block. So interleaving
 * independent messages does not pay: 2 lanes measured 0.9x, 4 lanes 0.4x
 * (more spills); only fewer instructions a block, or another core, would.
 * Variants (unscaled indexes, XOR chains instead of trees, the chain through
 * memory instead of locals, the round key XORed last) were within noise or slower.
 *
 * Like every table-driven AES (GramJS's and mtcute's included), the lookups
 * depend on key and data, so this is not constant-time against an attacker
 * who shares the CPU cache; the CBC route for long encryptions (AES-NI) is.
 */
import { layout } from './wasm-layout.js';
import { Code, op } from './wasm-emit.js';

const ROUNDS = 14;
const { te: TE_AT, td: TD_AT, sbox4: SBOX4_AT, invSbox4: INV_SBOX4_AT, encKeys: EK_AT, decKeys: DK_AT, key: KEY_AT } = layout;

/** Locals beyond the two parameters (q, end): state a, state b, a scratch word. */
export const IGE_LOCALS = 9;

// Locals: 0 = q, 1 = end, 2..5 = state a, 6..9 = state b, 10 = scratch word.
const Q = 0;
const END = 1;
const A = 2;
const B = 6;
const T = 10;

/** Pushes 4 * (byte j of local w): the byte pre-multiplied by 4, as a table index. */
function index(code: Code, w: number, j: number): Code {
  code.get(w);
  if (j === 0) code.const(2).op(op.i32Shl);
  else code.const(8 * j - 2).op(op.i32ShrU);
  return code.const(1020).op(op.i32And);
}

/**
 * Column c of one round: four table lookups, one per row, each from the column
 * that (Inv)ShiftRows brings into place, and the round key. `dir` is +1 for
 * encryption (row j comes from column c + j) and -1 for decryption (c - j).
 * The last round looks up the bare S-box and keeps byte j of each lookup.
 */
function roundColumn(code: Code, from: number, c: number, dir: number, table: number, key: number, last: boolean): void {
  // The round key first: it is ready long before the lookups, so it is folded in while they load.
  code.const(0).load(key + 4 * c);
  for (let j = 0; j < 4; j++) {
    index(code, from + ((c + dir * j) & 3), j).load(last ? table : table + 1024 * j);
    if (last) code.const(0xff << (8 * j)).op(op.i32And);
    code.op(op.i32Xor);
  }
}

/** S-box applied to each byte of local T, byte j taken from byte (j + rot) & 3 (rot = 1 is SubWord(RotWord)). */
function subWord(code: Code, rot: number): void {
  for (let j = 0; j < 4; j++) {
    index(code, T, (j + rot) & 3).load(SBOX4_AT).const(0xff << (8 * j)).op(op.i32And);
    if (j > 0) code.op(op.i32Xor);
  }
}

/** The AES-256 key schedule (FIPS 197, 5.2) from the 32 bytes at KEY_AT into EK_AT, unrolled. */
function expandKey(code: Code): void {
  const RCON = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40];
  for (let i = 0; i < 8; i++) code.const(0).const(0).load(KEY_AT + 4 * i).store(EK_AT + 4 * i);
  for (let i = 8; i < 4 * (ROUNDS + 1); i++) {
    code.const(0).const(0).load(EK_AT + 4 * (i - 8));
    code.const(0).load(EK_AT + 4 * (i - 1));
    if (i % 8 === 0) {
      code.set(T);
      subWord(code, 1);
      code.const(RCON[i / 8 - 1]).op(op.i32Xor);
    } else if (i % 8 === 4) {
      code.set(T);
      subWord(code, 0);
    }
    code.op(op.i32Xor).store(EK_AT + 4 * i);
  }
}

/**
 * Round keys of the equivalent inverse cipher (FIPS 197, 5.3.5): EK in reverse
 * round order, the inner rounds through InvMixColumns, so decryption rounds
 * have the same shape as encryption rounds. InvMixColumns of a word is
 * TD_0[S[b0]] ^ .. ^ TD_3[S[b3]]: the inverse S-box inside TD cancels S.
 */
function invertKey(code: Code): void {
  for (let r = 0; r <= ROUNDS; r++) {
    for (let c = 0; c < 4; c++) {
      code.const(0).const(0).load(EK_AT + 16 * (ROUNDS - r) + 4 * c);
      if (r !== 0 && r !== ROUNDS) {
        code.set(T);
        for (let j = 0; j < 4; j++) {
          index(code, T, j).load(SBOX4_AT).const(2).op(op.i32Shl).const(1020).op(op.i32And).load(TD_AT + 1024 * j);
          if (j > 0) code.op(op.i32Xor);
        }
      }
      code.store(DK_AT + 16 * r + 4 * c);
    }
  }
}

/**
 * Key schedule, then the IGE chain over the blocks from q + 32 to end + 32.
 * The AES state is carried from block to block in locals: the next block's
 * input is this block's AES output t XOR ([q+16] ^ [q+48] ^ k0), where the
 * bracket does not depend on t, so the chain between blocks costs one XOR
 * rather than a store and a reload.
 */
export function igeKernel(decrypt: boolean): Code {
  const dir = decrypt ? -1 : 1;
  const tables = decrypt ? TD_AT : TE_AT;
  const last = decrypt ? INV_SBOX4_AT : SBOX4_AT;
  const keys = decrypt ? DK_AT : EK_AT;
  const code = new Code();
  expandKey(code);
  if (decrypt) invertKey(code);
  for (let c = 0; c < 4; c++) {
    code.get(Q).load(32 + 4 * c).get(Q).load(4 * c).op(op.i32Xor);
    code.const(0).load(keys + 4 * c).op(op.i32Xor).set(A + c);
  }
  code.open(op.loop);
  let from = A;
  let to = B;
  for (let r = 1; r <= ROUNDS; r++) {
    for (let c = 0; c < 4; c++) {
      roundColumn(code, from, c, dir, r === ROUNDS ? last : tables, keys + 16 * r, r === ROUNDS);
      code.set(to + c);
    }
    [from, to] = [to, from];
  }
  // ROUNDS is even: the output is back in A.
  for (let c = 0; c < 4; c++) {
    code.get(Q).load(16 + 4 * c).set(T);
    code.get(Q).get(A + c).get(T).op(op.i32Xor).store(16 + 4 * c);
    code.get(A + c).get(T).get(Q).load(48 + 4 * c).op(op.i32Xor);
    code.const(0).load(keys + 4 * c).op(op.i32Xor).op(op.i32Xor).set(A + c);
  }
  code.get(Q).const(16).op(op.i32Add).tee(Q).get(END).op(op.i32Ne).brIf(0);
  return code.op(op.end);
}
