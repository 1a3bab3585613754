/**
 * Self-check of the two peer adapters against each other (a script, not a
 * mocha test): for every constructor and function of our api.tl + mtproto.tl
 * whose layout GramJS and mtcute both share, build a random sample in our
 * shape, require byte-identical encodings from both peers and that both
 * decode back to the sample.
 *
 *   node dist/test/schema/peers/selfcheck.js [schemaDir] [seed]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { camel, gramjsDecode, gramjsDescribe, gramjsEncode, gramjsIds } from './gramjs.js';
import { mtcuteCanDecode, mtcuteDecode, mtcuteDescribe, mtcuteEncode, mtcuteIds } from './mtcute.js';

interface Def {
  name: string;
  id: number;
  args: { key: string; tl: string }[];
  result: string;
  isFunction: boolean;
}

const schemaDir = process.argv[2] ?? fileURLToPath(new URL('../../../../../shared/schema/', import.meta.url));
let seed = Number(process.argv[3] ?? 224);

/** Just enough of a .tl parser to drive the samples: `name#id args = Type;`. */
function parseTl(text: string): Def[] {
  const defs: Def[] = [];
  let isFunction = false;
  for (let line of text.split('\n')) {
    line = line.replace(/\/\/.*/, '').trim();
    if (line === '---functions---' || line === '---types---') isFunction = line === '---functions---';
    const m = /^([\w.]+)#([0-9a-f]+)\s*(.*?)\s*=\s*([^;]+);$/.exec(line);
    if (!m) continue;
    const args = m[3]
      .split(/\s+/)
      .filter((a) => a && !a.startsWith('{'))
      .map((a) => ({ key: camel(a.slice(0, a.indexOf(':'))), tl: a.slice(a.indexOf(':') + 1).replace('!', '') }));
    defs.push({ name: m[1], id: parseInt(m[2], 16) >>> 0, args, result: m[4].trim(), isFunction });
  }
  return defs;
}

const ours = ['api.tl', 'mtproto.tl'].flatMap((f) => parseTl(readFileSync(schemaDir + f, 'utf8')));
const gIds = gramjsIds();
const mIds = mtcuteIds();

/** True when a peer knows the name with our id and exactly our argument layout. */
function sameLayout(def: Def, peer: { id: number; args: { key: string; tl: string }[] } | undefined): boolean {
  if (!peer || peer.id !== def.id) return false;
  const norm = (args: { key: string; tl: string }[]) => args.map((a) => `${a.key}:${a.tl.replace('!', '')}`).join(' ');
  return norm(peer.args) === norm(def.args);
}

const eligible = ours.filter((d) => sameLayout(d, gramjsDescribe(d.name)) && sameLayout(d, mtcuteDescribe(d.name)));
const byName = new Map(eligible.map((d) => [d.name, d]));
const byType = new Map<string, Def[]>();
for (const d of eligible) if (!d.isFunction) byType.set(d.result, [...(byType.get(d.result) ?? []), d]);
const noArgFunction = eligible.find((d) => d.isFunction && d.args.length === 0);

// A small seeded PRNG, so failures reproduce.
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number) => Math.floor(rnd() * n);
const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
const CHARS = 'abc XYZ 019 _-. é ß 日本 🙂';

class Unsampleable extends Error {}

function value(tl: string, depth: number, optional: boolean): unknown {
  const vec = /^[Vv]ector<(.+)>$/.exec(tl);
  // Optional vectors are never empty: mtcute drops the flag of an empty one.
  if (vec) return Array.from({ length: optional ? 1 + int(2) : int(3) }, () => value(vec[1], depth, false));
  switch (tl) {
    case 'int':
      return int(2 ** 32) - 2 ** 31;
    case 'long': // within ±2^53: mtcute holds ids as numbers
      return BigInt(int(2 ** 32)) * BigInt(int(2 ** 21)) - 2n ** 52n;
    case 'double':
      return (rnd() - 0.5) * 1e6;
    case 'string':
      return Array.from({ length: int(12) }, () => [...CHARS][int([...CHARS].length)]).join('');
    case 'bytes':
      return bytes([0, 1, 3, 4, 253, 254, 300][int(7)]);
    case 'int128':
      return bytes(16);
    case 'int256':
      return bytes(32);
    case 'Bool':
      return rnd() < 0.5;
    case 'X':
      if (!noArgFunction) throw new Unsampleable('no function for !X');
      return sample(noArgFunction, depth + 1);
  }
  if (depth > 6) throw new Unsampleable(`too deep at ${tl}`);
  const bare = byName.get(tl);
  if (bare) return sample(bare, depth + 1);
  const candidates = byType.get(tl);
  if (!candidates) throw new Unsampleable(`no shared constructor for ${tl}`);
  // Deep down, prefer the smallest constructor so samples stay finite.
  const pick = depth > 2 ? [...candidates].sort((a, b) => a.args.length - b.args.length)[0] : candidates[int(candidates.length)];
  return sample(pick, depth + 1);
}

/** A sample of `def` in our shape: every field key present, as our decoder emits. */
function sample(def: Def, depth = 0): Record<string, unknown> {
  const obj: Record<string, unknown> = { _: def.name };
  // Fields sharing a flag bit (views/forwards, bot/botInfoVersion) are present together.
  const bits = new Map<string, boolean>();
  const keysOfBit = new Map<string, string[]>();
  for (const { key, tl } of def.args) {
    if (tl === '#') continue;
    const flag = /^(flags\d*\.\d+)\?(.+)$/.exec(tl);
    if (!flag) {
      obj[key] = value(tl, depth, false);
      continue;
    }
    if (!bits.has(flag[1])) bits.set(flag[1], depth < 3 && rnd() < 0.6);
    keysOfBit.set(flag[1], [...(keysOfBit.get(flag[1]) ?? []), key]);
    try {
      const on = bits.get(flag[1])!;
      obj[key] = flag[2] === 'true' ? on : on ? value(flag[2], depth, true) : undefined;
    } catch (e) {
      if (!(e instanceof Unsampleable)) throw e;
      // Leave this bit unset, together with the fields already sharing it.
      bits.set(flag[1], false);
      for (const k of keysOfBit.get(flag[1])!) obj[k] = typeof obj[k] === 'boolean' ? false : undefined;
    }
  }
  return obj;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Encodes with both peers, compares bytes, decodes with both; returns a failure or undefined. */
function check(x: Record<string, unknown>, id: number): string | undefined {
  try {
    const g = gramjsEncode(x);
    const m = mtcuteEncode(x);
    if (hex(g) !== hex(m)) return `bytes differ\n  gramjs ${hex(g).slice(0, 160)}\n  mtcute ${hex(m).slice(0, 160)}`;
    expect(gramjsDecode(g), 'gramjs decode').to.deep.equal(x);
    if (mtcuteCanDecode(id)) expect(mtcuteDecode(m), 'mtcute decode').to.deep.equal(x);
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0].slice(0, 300);
  }
}

const ourIds = new Set(ours.map((d) => d.id));
const count = (ids: Set<number>) => [...ourIds].filter((id) => ids.has(id)).length;
console.log(`our ids: ${ourIds.size} (api.tl + mtproto.tl)`);
console.log(`  known to gramjs: ${count(gIds)}; to mtcute: ${count(mIds)}; to both: ${[...ourIds].filter((i) => gIds.has(i) && mIds.has(i)).length}`);
const sameIdOtherLayout = (describe: typeof gramjsDescribe) =>
  ours.filter((d) => describe(d.name)?.id === d.id && !sameLayout(d, describe(d.name))).map((d) => d.name);
console.log(`  same id but other layout in gramjs: ${sameIdOtherLayout(gramjsDescribe).join(', ') || 'none'}`);
console.log(`  same id but other layout in mtcute: ${sameIdOtherLayout(mtcuteDescribe).join(', ') || 'none'}`);
console.log(`  same layout in both peers: ${eligible.length}`);

let passed = 0;
const skipped: string[] = [];
const failures: string[] = [];
for (const def of eligible) {
  for (let round = 0; round < 3; round++) {
    let x: Record<string, unknown>;
    try {
      x = sample(def);
    } catch (e) {
      if (!(e instanceof Unsampleable)) throw e;
      skipped.push(def.name);
      break;
    }
    const failure = check(x, def.id);
    if (failure) {
      failures.push(`${def.name}: ${failure}`);
      break;
    }
    if (round === 2) passed++;
  }
}

// Edge values the random samples do not reach.
const edges: [string, Record<string, unknown>][] = [
  ['full-range longs', { _: 'msgs_ack', msgIds: [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n] }],
  ['int128 with the top bit set', { _: 'req_pq_multi', nonce: new Uint8Array(16).fill(0xff) }],
];
for (const [what, x] of edges) {
  const failure = check(x, gramjsDescribe(x._ as string)!.id);
  if (failure) failures.push(`${what}: ${failure}`);
  else passed++;
}

console.log(`checked: ${passed} passed, ${failures.length} failed, ${skipped.length} not sampleable`);
if (skipped.length) console.log(`  (they need a type no shared constructor has, e.g. ${skipped.slice(0, 6).join(', ')})`);
for (const f of failures) console.log(`FAIL ${f}`);
process.exitCode = failures.length ? 1 : 0;
