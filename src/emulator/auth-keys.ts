import type { ServerSession } from './mtproto/server-session.js';

/** What the emulator keeps per auth key: the key, its salts and its sessions. */
export interface AuthKeyState {
  authKey: Uint8Array;
  /** auth_key_id, as a number and as the bytes that open its frames (a SHA-1 each: worked out once). */
  id: bigint;
  keyId: Uint8Array;
  dcId: number;
  /** Salts the server accepts, newest last. */
  salts: bigint[];
  sessions: Map<bigint, ServerSession>;
}
