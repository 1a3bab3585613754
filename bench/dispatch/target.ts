/**
 * What a bench bot needs to reach the emulator, as the parent sends it to
 * the child process (plain JSON: the fingerprint travels as a string).
 */
import type { DcAddress } from '../../src/emulator/options.js';

export interface Target {
  dcs: DcAddress[];
  publicKeyPem: string;
  /** The emulator's RSA fingerprint (a signed 64-bit integer), in decimal. */
  fingerprint: string;
  /** The bot's home DC. */
  dcId: number;
  token: string;
}

/** A bot that answers every incoming private message with a reply quoting it, same text. */
export interface RunningBot {
  stop(): Promise<void>;
}

export type StartBot = (target: Target) => Promise<RunningBot>;

/** The shape of an Emulator the interop helpers read (dcs, key and fingerprint), from a Target. */
export function emulatorLike(target: Target): { dcs: DcAddress[]; publicKeyPem: string; fingerprint: bigint } {
  return { dcs: target.dcs, publicKeyPem: target.publicKeyPem, fingerprint: BigInt(target.fingerprint) };
}
