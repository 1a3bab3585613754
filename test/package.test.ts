import { expect } from 'chai';

describe('package: the exports map', () => {
  it('`layer` and `layer/schema` resolve to the built entry points with the documented surface', async () => {
    const root = await import('layer');
    const schema = await import('layer/schema');
    for (const mod of [root, schema]) {
      for (const name of ['encode', 'decode', 'decodeResult', 'TlReader', 'TlWriter', 'TlDecodeError', 'TlEncodeError']) {
        expect(mod, name).to.have.property(name);
      }
    }
    expect(schema.LAYER).to.equal(224);
    expect(schema.decode(schema.encode({ _: 'inputPeerSelf' }))).to.deep.equal({ _: 'inputPeerSelf' });
  });
});
