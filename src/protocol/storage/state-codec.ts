/**
 * The state stores' value codec: JSON, plus what JSON would lose. A bigint,
 * a Uint8Array, a Date, NaN and ±Infinity, -0 and undefined inside an array
 * come back as they went in; an object key starting with `$` is kept apart
 * from these tags by doubling its `$`. Anything JSON would silently change (a
 * function, a symbol, a Map, a class instance, a cycle) is refused with a
 * `StateValueError` naming where it is.
 */
import { StateValueError } from './state-errors.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function encodeState(value: unknown): string {
  return JSON.stringify(toJson(value, '$', new Set()));
}

export function decodeState(text: string): unknown {
  return fromJson(JSON.parse(text) as Json);
}

function toJson(v: unknown, path: string, seen: Set<object>): Json {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0) ? v : { $num: String(Object.is(v, -0) ? '-0' : v) };
    case 'bigint':
      return { $bigint: v.toString() };
    case 'undefined':
      return { $undefined: 1 };
    case 'object':
      break;
    default:
      throw new StateValueError(path, `a ${typeof v} cannot be stored`);
  }
  if (v === null) return null;
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (v instanceof Date) return { $date: v.getTime() };
  if (seen.has(v)) throw new StateValueError(path, 'a cycle cannot be stored');
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((item, i) => toJson(item, `${path}[${i}]`, seen));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new StateValueError(path, `a ${proto?.constructor?.name ?? 'class'} instance cannot be stored (only plain objects, arrays, strings, numbers, booleans, null, bigint, Uint8Array and Date)`);
    }
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(v)) {
      if (item === undefined) continue; // as JSON: an absent key
      out[key.startsWith('$') ? '$' + key : key] = toJson(item, `${path}.${key}`, seen);
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

function fromJson(j: Json): unknown {
  if (j === null || typeof j !== 'object') return j;
  if (Array.isArray(j)) return j.map(fromJson);
  const keys = Object.keys(j);
  if (keys.length === 1 && keys[0].startsWith('$') && !keys[0].startsWith('$$')) {
    const tag = j[keys[0]];
    switch (keys[0]) {
      case '$bigint':
        return BigInt(tag as string);
      case '$bytes':
        return new Uint8Array(Buffer.from(tag as string, 'base64'));
      case '$date':
        return new Date(tag as number);
      case '$num':
        return Number(tag);
      case '$undefined':
        return undefined;
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key.startsWith('$$') ? key.slice(1) : key] = fromJson(j[key]);
  return out;
}
