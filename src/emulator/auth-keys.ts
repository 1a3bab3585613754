import type { ServerSession } from './mtproto/server-session.js';

/** What the emulator keeps per auth key: the key, its salts and its sessions. */
export interface AuthKeyState {
  authKey: Uint8Array;
  keyId: Uint8Array;
  dcId: number;
  /** Salts the server accepts, newest last. */
  salts: bigint[];
  sessions: Map<bigint, ServerSession>;
}
