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
    expect(root).to.have.property('Client');
    expect(schema.LAYER).to.equal(224);
    expect(schema.decode(schema.encode({ _: 'inputPeerSelf' }))).to.deep.equal({ _: 'inputPeerSelf' });
  });

  it('`layer/protocol` and `layer/emulator` hold what DESIGN.md lists', async () => {
    const protocol = await import('layer/protocol');
    for (const name of ['igeEncrypt', 'igeDecrypt', 'messageKeys', 'factorize', 'rsaFingerprint', 'passwordCheck', 'Client']) {
      expect(protocol[name as keyof typeof protocol], name).to.be.a('function');
    }
    const emulator = await import('layer/emulator');
    expect(emulator.startEmulator).to.be.a('function');
  });
});
