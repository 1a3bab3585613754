/** How to reach one of the emulator's data centres. */
export interface DcAddress {
  id: number;
  host: string;
  port: number;
}

export interface EmulatorOptions {
  /** How many DCs to run, numbered from 1. Default 3. */
  dcCount?: number;
  /** Default 127.0.0.1; the emulator never listens beyond it unless told. */
  host?: string;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
  /** Default node:crypto randomBytes. */
  random?: (n: number) => Uint8Array;
  /** A PKCS#1 key pair to use instead of a freshly generated one. */
  rsaKey?: { publicKeyPem: string; privateKeyPem: string };
}

/** What a Client (or LayerBot) needs to connect to the emulator: spread it into their options. */
export interface EmulatorClientOptions {
  dcs: DcAddress[];
  rsaKeys: { pem: string; fingerprint: bigint }[];
}
