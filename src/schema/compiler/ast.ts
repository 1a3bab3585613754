/** The parsed form of a .tl file: what the generator and the runtime metadata work from. */

/** A field's type, as the TL grammar spells it. */
export type TlType =
  | { kind: 'flags' } // `#`, a flags word
  | { kind: 'true' } // `true`, only behind a flag: a boolean held in the flag bit itself
  | { kind: 'scalar'; name: TlScalar }
  | { kind: 'vector'; boxed: boolean; of: TlType } // `Vector<T>` (boxed) or `vector<T>` (bare)
  | { kind: 'boxed'; name: string } // an abstract type: constructor id on the wire
  | { kind: 'bare'; name: string } // a constructor (or `%Type`) without its id
  | { kind: 'generic'; name: string }; // `!X`: any request

export type TlScalar = 'int' | 'long' | 'double' | 'string' | 'bytes' | 'int128' | 'int256' | 'Bool';

export interface TlParam {
  /** As in the schema (snake_case). */
  name: string;
  type: TlType;
  /** Present for `flags.N?T`: which flags word and bit guard the field. */
  flag?: { word: string; bit: number };
}

export interface TlDefinition {
  kind: 'constructor' | 'function';
  /** As in the schema, with its namespace: `messages.sendMessage`, `msgs_ack`. */
  name: string;
  /** Unsigned 32-bit constructor id. */
  id: number;
  params: TlParam[];
  /** The abstract type a constructor belongs to, or a function's result type. */
  result: TlType;
  /** `{X:Type}` names of a generic function. */
  generics: string[];
  /**
   * Set when the given id differs from the CRC32 of the normalized declaration.
   * Telegram's own files have a few such ids (mtproto.tl's ipPortSecret); the given id is what the wire uses.
   */
  computedId?: number;
  /** Where it came from, for error messages. */
  file: string;
  line: number;
}

export interface TlSchema {
  definitions: TlDefinition[];
  /** The `// LAYER N` line, when the file has one. */
  layer?: number;
}
