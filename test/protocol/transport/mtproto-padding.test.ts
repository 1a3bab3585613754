import { expect } from 'chai';
import { trimMtprotoPadding } from '../../../src/protocol/transport/index.js';
import { cat, hex, le32, toHex } from './helpers.js';

describe('transport: trimMtprotoPadding', () => {
  it('a plain message ends after its message_data_length', () => {
    const message = cat(new Uint8Array(8), hex('0102030405060708'), le32(8), hex('1122334455667788'));
    expect(toHex(trimMtprotoPadding(cat(message, hex('aabbccdd'))))).to.equal(toHex(message));
  });

  it('an encrypted one is auth_key_id, msg_key and whole AES blocks', () => {
    const encrypted = new Uint8Array(24 + 32).fill(7);
    expect(trimMtprotoPadding(cat(encrypted, hex('0102030405'))).length).to.equal(56);
    expect(trimMtprotoPadding(encrypted).length).to.equal(56);
  });

  it('leaves what it cannot read to the session', () => {
    expect(trimMtprotoPadding(hex('01020304')).length).to.equal(4);
    const lying = cat(new Uint8Array(16), le32(1000), new Uint8Array(8));
    expect(trimMtprotoPadding(lying).length).to.equal(lying.length);
  });
});
