import { expect } from 'chai';
import { decode, encode, type TlObject } from '../../src/schema/index.js';
import { fieldName } from '../../src/schema/compiler/names.js';
import { DEFINITIONS } from '../../src/schema/generated/meta.js';
import { gramjsDecode, gramjsDescribe, gramjsEncode } from './peers/gramjs.js';
import { mtcuteCanDecode, mtcuteDecode, mtcuteDescribe, mtcuteEncode } from './peers/mtcute.js';
import { Sampler } from './samples.js';
import { sampleMessages } from '../../bench/fixtures.js';

type Describe = (name: string) => { id: number; args: { key: string; tl: string }[] } | undefined;

interface Peer {
  name: string;
  layer: number;
  describe: Describe;
  encode: (obj: unknown) => Uint8Array;
  decode: (bytes: Uint8Array) => unknown;
  canDecode: (id: number) => boolean;
  safeLongs: boolean;
  /** Definitions the peer itself cannot handle, with the reason. */
  broken: Record<string, string>;
}

const PEERS: Peer[] = [
  {
    name: 'GramJS',
    layer: 198,
    describe: gramjsDescribe,
    encode: gramjsEncode,
    decode: gramjsDecode,
    canDecode: () => true,
    safeLongs: false,
    broken: { future_salts: 'GramJS writes the bare vector<future_salt> items boxed' },
  },
  {
    name: 'mtcute',
    layer: 223,
    describe: mtcuteDescribe,
    encode: mtcuteEncode,
    decode: mtcuteDecode,
    // mtcute's reader map holds constructors and mtproto functions, not API functions.
    canDecode: mtcuteCanDecode,
    safeLongs: true,
    broken: { future_salts: "mtcute's writer passes the wrong arguments to its bare-vector writer" },
  },
];

/** Our schema line as the peers' `describe` spells it: field keys and TL types. */
function ourLayout(params: readonly string[]): string {
  return params.map((p) => `${fieldName(p.slice(0, p.indexOf(':')))}:${p.slice(p.indexOf(':') + 1).replace('!', '')}`).join(' ');
}

/** Same id and the same fields in the same order: the schema line is the same in their layer and ours. */
function qualifying(peer: Peer): Set<string> {
  const names = new Set<string>();
  for (const [, name, id, , params] of DEFINITIONS) {
    const theirs = peer.describe(name);
    if (theirs && theirs.id === id && theirs.args.map((a) => `${a.key}:${a.tl}`).join(' ') === ourLayout(params)) names.add(name);
  }
  return names;
}

describe('schema: cross-checks against GramJS and mtcute', () => {
  for (const peer of PEERS) {
    const names = qualifying(peer);
    const sampler = new Sampler({ allowed: (n) => names.has(n) && !(n in peer.broken), safeLongs: peer.safeLongs });

    it(`${peer.name} (layer ${peer.layer}): ${names.size} of our ${DEFINITIONS.length} definitions have the same schema line; each encodes to their bytes and each side decodes the other's`, () => {
      let compared = 0;
      const failures: string[] = [];
      for (const [kind, name, id] of DEFINITIONS) {
        if (!names.has(name) || name in peer.broken) continue;
        for (const mode of ['full', 'minimal'] as const) {
          if (!sampler.canSample(name, mode)) continue;
          const x = sampler.sample(name, mode);
          try {
            const ours = encode(x as unknown as TlObject);
            const theirs = peer.encode(x);
            expect(ours, 'bytes').to.deep.equal(Uint8Array.from(theirs));
            expect(decode(theirs), 'we decode theirs').to.deep.equal(x);
            if (kind === 'c' || peer.canDecode(id)) expect(peer.decode(ours), 'they decode ours').to.deep.equal(x);
            compared++;
          } catch (e) {
            failures.push(`${name} (${mode}): ${(e as Error).message.slice(0, 200)}`);
          }
        }
      }
      expect(failures, failures.slice(0, 5).join('\n')).to.deep.equal([]);
      expect(compared).to.be.greaterThan(1000);
    });

    it(`${peer.name}: an updates with several update kinds`, () => {
      const kinds = ['updateUserStatus', 'updateDeleteMessages', 'updateUserTyping', 'updateReadHistoryOutbox', 'updateDeleteChannelMessages', 'updateBotCallbackQuery', 'updateUserName'].filter((n) =>
        names.has(n),
      );
      expect(kinds.length, 'update kinds shared with ' + peer.name).to.be.at.least(5);
      const updates = { ...sampler.sample('updates', 'full'), updates: kinds.map((k) => sampler.sample(k, 'full')) };
      expect(names.has('updates')).to.equal(true);
      const ours = encode(updates as unknown as TlObject);
      expect(ours).to.deep.equal(Uint8Array.from(peer.encode(updates)));
      expect(peer.decode(ours)).to.deep.equal(updates);
      expect(decode(peer.encode(updates))).to.deep.equal(updates);
    });
  }

  it('mtcute: a messages.messages with 100 messages, 20 users and 5 channels (GramJS layer 198 has other ids for all four)', () => {
    // mtcute's user lacks our bot_can_manage_bots:flags2.18?true, which leaves its id and, unset, its bytes alike.
    for (const n of ['messages.messages', 'message', 'user', 'channel']) {
      expect(mtcuteDescribe(n)?.id, n).to.equal(DEFINITIONS.find((d) => d[1] === n)![2]);
    }
    const messages = decode(encode(sampleMessages() as unknown as TlObject));
    const ours = encode(messages);
    expect(ours).to.deep.equal(Uint8Array.from(mtcuteEncode(messages)));
    // What mtcute reads back lacks only the botCanManageBots key of its older user: it re-encodes to the same bytes.
    const theirs = mtcuteDecode(ours) as { users: Record<string, unknown>[] };
    expect(theirs.users.length).to.equal(20);
    expect(encode(theirs as unknown as TlObject)).to.deep.equal(ours);
    expect(decode(mtcuteEncode(messages))).to.deep.equal(messages);
  });
});
