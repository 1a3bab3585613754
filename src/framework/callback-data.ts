/**
 * Typed callback data: `callbackData('vote', { poll: 'int', choice: ['yes', 'no'] })`
 * is a codec whose `.build({ poll: 7, choice: 'yes' })` gives the bytes for a
 * `keyboardButtonCallback` and whose `.parse(bytes)` gives the values back,
 * typed. The form is text, compact and unambiguous:
 * `prefix:field:field...` in schema order, with ints in base 36, bools as
 * `1`/`0`, enum members by index, and `\` and `:` inside strings escaped by
 * `\`, so a string may hold the separator. Telegram keeps at most 64 bytes.
 */

/** Telegram's limit on a callback button's data. */
export const CALLBACK_DATA_MAX_BYTES = 64;

export type FieldType = 'string' | 'int' | 'bool' | readonly [string, ...string[]];
export type CallbackSchema = Record<string, FieldType>;
type ValueOf<F> = F extends 'string' ? string : F extends 'int' ? number : F extends 'bool' ? boolean : F extends readonly (infer E)[] ? E : never;
/** The values a schema describes. */
export type CallbackValues<S extends CallbackSchema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** Base of the callback data errors. */
export class CallbackDataError extends Error {
  override readonly name: string = 'CallbackDataError';
}

/** Built data over Telegram's 64 bytes (Telegram would answer BUTTON_DATA_INVALID). */
export class CallbackDataTooLongError extends CallbackDataError {
  override readonly name = 'CallbackDataTooLongError';
  readonly code = 'BUTTON_DATA_INVALID';
  constructor(readonly size: number) {
    super(`callback data is ${size} bytes; Telegram takes at most ${CALLBACK_DATA_MAX_BYTES}: shorten the prefix or the values`);
  }
}

/** Data with this codec's prefix that does not decode: `field` names the part that failed. */
export class MalformedCallbackDataError extends CallbackDataError {
  override readonly name = 'MalformedCallbackDataError';
  constructor(
    readonly prefix: string,
    readonly field: string | undefined,
    problem: string,
  ) {
    super(`callback data '${prefix}'${field === undefined ? '' : `, field ${field}`}: ${problem}`);
  }
}

/** A value that the schema does not allow, found while building. */
export class CallbackValueError extends CallbackDataError {
  override readonly name = 'CallbackValueError';
}

// Compile-time check of a literal prefix: no ':' and at most 64 characters.
type Count<S extends string, N extends unknown[] = []> = N['length'] extends 65 ? 65 : S extends `${infer _First}${infer Rest}` ? Count<Rest, [...N, 0]> : N['length'];
type CheckPrefix<P extends string> = string extends P
  ? P
  : P extends ''
    ? 'a callback data prefix must not be empty'
    : P extends `${string}:${string}`
      ? "a callback data prefix must not contain ':'"
      : Count<P> extends 65
        ? 'a callback data prefix must be at most 64 bytes'
        : P;

export interface CallbackDataCodec<S extends CallbackSchema> {
  readonly prefix: string;
  readonly schema: S;
  /** The bytes for a callback button; throws `CallbackDataTooLongError` over 64 bytes, `CallbackValueError` for a value the schema refuses. */
  build(values: CallbackValues<S>): Uint8Array;
  /** The values, or undefined when the data is not this codec's (another prefix); throws `MalformedCallbackDataError` when it is but does not decode. */
  parse(data: Uint8Array): CallbackValues<S> | undefined;
  /** Whether `data` is this codec's and has the `partial` values. Never throws. */
  matches(data: Uint8Array, partial?: Partial<CallbackValues<S>>): boolean;
  /** A filter over bytes: the values when `data` is this codec's and has the `partial` values, else undefined. Never throws. */
  filter(partial?: Partial<CallbackValues<S>>): (data: Uint8Array) => CallbackValues<S> | undefined;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const INT = /^-?[0-9a-z]+$/;

export function callbackData<const P extends string, const S extends CallbackSchema>(prefix: CheckPrefix<P>, schema: S): CallbackDataCodec<S> {
  const name: string = prefix;
  if (name === '' || name.includes(':')) throw new CallbackDataError(`callback data prefix ${JSON.stringify(name)}: must be non-empty and hold no ':'`);
  const head = utf8.encode(name);
  if (head.length > CALLBACK_DATA_MAX_BYTES) throw new CallbackDataTooLongError(head.length);
  const fields = Object.entries(schema);

  const build = (values: CallbackValues<S>): Uint8Array => {
    let out = name;
    for (const [field, type] of fields) out += ':' + encodeField(field, type, (values as Record<string, unknown>)[field]);
    const bytes = utf8.encode(out);
    if (bytes.length > CALLBACK_DATA_MAX_BYTES) throw new CallbackDataTooLongError(bytes.length);
    return bytes;
  };

  const parse = (data: Uint8Array): CallbackValues<S> | undefined => {
    if (data.length < head.length || head.some((b, i) => data[i] !== b)) return undefined;
    if (data.length === head.length) {
      if (fields.length === 0) return {} as CallbackValues<S>;
      throw new MalformedCallbackDataError(name, fields[0][0], 'missing');
    }
    if (data[head.length] !== 0x3a) return undefined; // another prefix that starts like this one
    let rest: string;
    try {
      rest = strictUtf8.decode(data.subarray(head.length + 1));
    } catch {
      throw new MalformedCallbackDataError(name, undefined, 'not UTF-8');
    }
    const parts = splitFields(name, rest);
    if (parts.length !== fields.length) throw new MalformedCallbackDataError(name, undefined, `${parts.length} fields where the schema has ${fields.length}`);
    const out: Record<string, unknown> = {};
    fields.forEach(([field, type], i) => (out[field] = decodeField(name, field, type, parts[i])));
    return out as CallbackValues<S>;
  };

  const matches = (data: Uint8Array, partial: Partial<CallbackValues<S>> = {}): boolean => {
    let values: CallbackValues<S> | undefined;
    try {
      values = parse(data);
    } catch {
      return false;
    }
    return values !== undefined && Object.entries(partial).every(([k, v]) => v === undefined || (values as Record<string, unknown>)[k] === v);
  };

  return {
    prefix: name,
    schema,
    build,
    parse,
    matches,
    filter: (partial) => (data) => (matches(data, partial) ? parse(data) : undefined),
  };
}

function encodeField(field: string, type: FieldType, v: unknown): string {
  const bad = (why: string) => new CallbackValueError(`callback data field ${field}: ${why}, got ${JSON.stringify(v)}`);
  if (type === 'string') {
    if (typeof v !== 'string') throw bad('expected a string');
    return v.replace(/[\\:]/g, '\\$&');
  }
  if (type === 'int') {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad('expected a safe integer');
    return v.toString(36);
  }
  if (type === 'bool') {
    if (typeof v !== 'boolean') throw bad('expected a boolean');
    return v ? '1' : '0';
  }
  const index = type.indexOf(v as string);
  if (index < 0) throw bad(`expected one of ${type.join(', ')}`);
  return index.toString(36);
}

function decodeField(prefix: string, field: string, type: FieldType, raw: string): unknown {
  const bad = (why: string) => new MalformedCallbackDataError(prefix, field, `${why} (${JSON.stringify(raw)})`);
  if (type === 'string') {
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] !== '\\') out += raw[i];
      else if (raw[i + 1] === '\\' || raw[i + 1] === ':') out += raw[++i];
      else throw bad('a \\ that escapes nothing');
    }
    return out;
  }
  if (type === 'bool') {
    if (raw !== '0' && raw !== '1') throw bad('not a boolean');
    return raw === '1';
  }
  const n = INT.test(raw) ? parseInt(raw, 36) : NaN;
  if (!Number.isSafeInteger(n) || n.toString(36) !== raw) throw bad('not an integer');
  if (type === 'int') return n;
  if (n < 0 || n >= type.length) throw bad(`not one of ${type.join(', ')}`);
  return type[n];
}

/** Splits on ':' that no '\' escapes (the escapes stay, for `decodeField`). */
function splitFields(prefix: string, rest: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '\\' && i + 1 < rest.length) current += rest[i] + rest[++i];
    else if (rest[i] === ':') (parts.push(current), (current = ''));
    else current += rest[i];
  }
  parts.push(current);
  if (parts.length === 0) throw new MalformedCallbackDataError(prefix, undefined, 'empty');
  return parts;
}
