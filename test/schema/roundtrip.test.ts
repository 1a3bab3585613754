import { expect } from 'chai';
import { decode, encode, type TlObject } from '../../src/schema/index.js';
import { fieldName } from '../../src/schema/compiler/names.js';
import { allDefinitions, sample } from './samples.js';

describe('schema: every definition round-trips', () => {
  const defs = allDefinitions();

  it('covers all of api.tl and mtproto.tl', () => {
    // api.tl: 2,328 combinators besides the built-in vector (handled by every Vector field); mtproto.tl: 59.
    expect(defs.length).to.equal(2328 + 59);
  });

  for (const mode of ['full', 'minimal'] as const) {
    it(`${mode} samples: decode(encode(x)) deep-equals x and encode(decode(b)) equals b`, () => {
      const failures: string[] = [];
      for (const def of defs) {
        const x = sample(def.name, mode) as unknown as TlObject;
        try {
          const b = encode(x);
          const back = decode(b);
          expect(back).to.deep.equal(x);
          expect(encode(back)).to.deep.equal(b);
        } catch (e) {
          failures.push(`${def.name}: ${(e as Error).message.slice(0, 300)}`);
        }
      }
      expect(failures, failures.slice(0, 5).join('\n')).to.deep.equal([]);
    });
  }

  it('full samples set every flag and minimal ones none, as seen after decoding', () => {
    for (const def of defs) {
      const full = decode(encode(sample(def.name, 'full') as unknown as TlObject)) as unknown as Record<string, unknown>;
      const minimal = decode(encode(sample(def.name, 'minimal') as unknown as TlObject)) as unknown as Record<string, unknown>;
      for (const p of def.params.filter((p) => p.flag)) {
        const key = fieldName(p.name);
        if (p.type.kind === 'true') expect(full[key], `${def.name}.${key}`).to.equal(true);
        else expect(full[key], `${def.name}.${key}`).to.not.equal(undefined);
        expect(minimal[key], `${def.name}.${key}`).to.equal(p.type.kind === 'true' ? false : undefined);
      }
    }
  });
});
