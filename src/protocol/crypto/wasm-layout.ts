/**
 * The memory map of the WebAssembly module (`wasm.ts`), shared by the kernels
 * that address it with constant offsets. Byte offsets, all 16-aligned.
 */
export const layout = {
  /** AES encryption T-tables TE0..TE3, 4 x 1 KiB. */
  te: 0,
  /** AES decryption T-tables TD0..TD3. */
  td: 4096,
  /** S[x] repeated in each byte, for the last encryption round and the key schedule. */
  sbox4: 8192,
  invSbox4: 9216,
  /** AES-256 round keys, 15 x 16 bytes, for encryption and for the equivalent inverse cipher. */
  encKeys: 10240,
  decKeys: 10496,
  /** The 32-byte AES key the kernels expand. */
  key: 10752,
  /** SHA-256: the message schedule (64 words) and digests out (3 x 32 bytes). */
  shaSchedule: 10816,
  shaOut: 11072,
  /** messageKeys: its two one-block messages, padded once at load (2 x 64 bytes). */
  keyHashA: 11264,
  keyHashB: 11328,
  /** SHA-256 input, padded by the caller: at most shaInputMax bytes. */
  shaIn: 12288,
  shaInputMax: 4096,
  /** The IGE chain: two IV blocks, the data, 16 bytes of slack. Grows with the memory. */
  chain: 16384,
} as const;
