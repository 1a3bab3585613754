/** The shape every transport framing shares: the sans-IO core of the transport layer. */

/** The four MTProto transports. `padded` is padded intermediate. */
export type TransportKind = 'abridged' | 'intermediate' | 'padded' | 'full';

/** Which end a codec serves. A client packs what servers read, and reads what servers pack. */
export type End = 'client' | 'server';

/** Draws `n` random bytes. Injected so tests replay byte for byte. */
export type RandomBytes = (n: number) => Uint8Array;

/** One complete frame read from the peer. */
export type Frame =
  /**
   * An MTProto payload. `quickAck`: the client asked for a quick ack (server end only).
   * Padded intermediate: the payload carries the sender's 0-15 random trailing bytes
   * (see `trimMtprotoPadding`).
   */
  | { kind: 'payload'; payload: Uint8Array; quickAck: boolean }
  /** A quick-ack token from the server (client end only), as the client computed it. */
  | { kind: 'quick-ack'; token: number };

/** What `unpack` makes of the bytes at hand: a frame and its size, or the total size it needs first. */
export type Unpacked = { frame: Frame; size: number } | { need: number };

/** One transport's framing for one end of one connection. */
export interface Framing {
  readonly transport: TransportKind;
  /** What a client sends once before its first frame (empty for full and for the server end). */
  readonly marker: Uint8Array;
  /** Frames one payload; `quickAck` asks the server to acknowledge receipt (client end). */
  pack(payload: Uint8Array, quickAck: boolean): Uint8Array;
  /**
   * The bytes in front of a payload of `length` bytes, where the framing adds
   * nothing after it (undefined elsewhere): a big payload then goes out as
   * written, uncopied. Checks as `pack` does.
   */
  packHeader?(length: number, quickAck: boolean): Uint8Array | undefined;
  /** Frames a quick-ack token (server end). */
  packQuickAck(token: number): Uint8Array;
  /**
   * Reads the frame that starts at `bytes[0]`. Throws `TransportError` for a
   * corrupt or oversized frame as soon as its header shows it, before waiting for the rest.
   */
  unpack(bytes: Uint8Array): Unpacked;
}

export interface FramingOptions {
  end: End;
  /** Largest payload accepted or sent, in bytes. */
  maxPayload: number;
  random: RandomBytes;
}

/** Telegram's own limit is far lower; 16 MiB leaves room for any upload part while bounding memory. */
export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;

export const EMPTY = new Uint8Array(0);
