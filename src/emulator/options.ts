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
  /** Runs the CDN DC (id 203, its own RSA key; see `emulator.files.cdn`). Default true. */
  cdnDc?: boolean;
  /** Seeds the generator that picks update faults (`faults.updates`). Default 1. */
  updatesSeed?: number;
  /** How long a bot has to answer a callback or inline query before the asker gets BOT_RESPONSE_TIMEOUT. Default 10 000. */
  botAnswerTimeoutMs?: number;
}

/** What a Client (or LayerBot) needs to connect to the emulator: spread it into their options. */
export interface EmulatorClientOptions {
  dcs: DcAddress[];
  rsaKeys: { pem: string; fingerprint: bigint }[];
}

export interface CreateBotOptions {
  /** Letters, digits and _, starting with a letter; unique (case-insensitive). */
  username: string;
  /** Default: the username. */
  firstName?: string;
  /** The bot's home DC. Default: one picked from a hash of the username. */
  dcId?: number;
}

export interface CreateUserOptions {
  /** International format; `+`, spaces and dashes are ignored. */
  phone: string;
  firstName: string;
  lastName?: string;
  username?: string;
  /** A 2FA password: signIn then answers SESSION_PASSWORD_NEEDED. */
  password?: string;
  /** The account's home DC. Default: one picked from a hash of the phone, so tests meet migrations. */
  dcId?: number;
}

export interface CreatedBot {
  userId: bigint;
  /** For auth.importBotAuthorization: `<userId>:<35 characters>`. */
  token: string;
  /** The DC the bot lives on. */
  dcId: number;
}

export interface CreatedUser {
  userId: bigint;
  /** The DC the account lives on. */
  dcId: number;
}
