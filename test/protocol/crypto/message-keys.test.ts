import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { authKeyId, CryptoInputError, messageKeys, msgKey, sha1 } from '../../../src/protocol/crypto/index.js';
import { messageKeysNode } from '../../../src/protocol/crypto/message-keys.js';
import { hex, seeded, toHex } from './helpers.js';

const require = createRequire(import.meta.url);

// The auth_key that core.telegram.org/mtproto/samples-auth_key ends with.
const exampleAuthKey = hex(
  '83CBD31C0303361FF1C29437A77CBA749C84F28A118646038C7EDD29EF718A1F6A493047D476A6E678D97A4A5CC7990CEA552D68E109869E5BFC86570049CD8F2EB4BA10B6C4123FB8A977774B4C5185B5C96AF7BD7A71DB78E6E6148CED2048869A21B8ED7FBA7F6F2E7722BFA28447AB84A245CB0E6D01261191B753191E744DCFDA522D50167832EE4D5EE90AAA6F31821248F0F06BF5692EF604CFC4316CEDE078F71E17BCEBBE388589E6707AF5BA26E8DD063BB116C4B4E7BEF3B462C3350D0376D42F95D353E46BE4C378D2A60141A2339641F8B712EB3ECFB42B7F26F69E9BB15373E0AC4BE266E1681859DDAAB8CD7D877BB847D2A8BD068A784943',
);

describe('crypto: MTProto 2.0 message keys', () => {
  it("matches the example's dh_gen_ok: new_nonce_hash1 from SHA1 of the auth key", () => {
    // new_nonce_hash1 = lower 128 bits of SHA1(new_nonce + 0x01 + auth_key_aux_hash), aux hash = upper 64 bits of SHA1(auth_key).
    const newNonce = hex('264F835B0B7BDFF9C6ED6CF819FD6DF5DCD17E90D67ADD2C2C1E3775C7A6A0AC');
    const aux = sha1(exampleAuthKey).subarray(0, 8);
    const hash1 = sha1(newNonce, new Uint8Array([1]), aux).subarray(4, 20);
    expect(toHex(hash1)).to.equal('51070b3db672b7602e4ee2fe761b36a2');
  });

  it('auth_key_id is the last 8 bytes of SHA1(auth_key) as a little-endian long, as GramJS computes it', async () => {
    const { AuthKey } = require('telegram/crypto/AuthKey') as { AuthKey: new () => { setKey(k: Buffer): Promise<void>; keyId: { toString(): string } } };
    const random = seeded('auth key id');
    for (const key of [exampleAuthKey, random(256), random(256)]) {
      const gram = new AuthKey();
      await gram.setKey(Buffer.from(key));
      const id = authKeyId(key);
      expect(id).to.equal(BigInt.asIntN(64, BigInt(gram.keyId.toString()))); // GramJS keeps it unsigned
      expect(id).to.equal(Buffer.from(sha1(key)).readBigInt64LE(12));
    }
  });

  it('derives the same key and iv as GramJS in both directions', async () => {
    const { MTProtoState } = require('telegram/network/MTProtoState') as {
      MTProtoState: { prototype: { _calcKey(authKey: Buffer, msgKey: Buffer, client: boolean): Promise<{ key: Buffer; iv: Buffer }> } };
    };
    const random = seeded('message keys');
    for (let i = 0; i < 20; i++) {
      const authKey = random(256);
      const key = random(16);
      for (const fromClient of [true, false]) {
        const ours = messageKeys(authKey, key, fromClient);
        const gram = await MTProtoState.prototype._calcKey.call({}, Buffer.from(authKey), Buffer.from(key), fromClient);
        expect(toHex(ours.key)).to.equal(gram.key.toString('hex'));
        expect(toHex(ours.iv)).to.equal(gram.iv.toString('hex'));
        // The route without WebAssembly (node's SHA-256) gives the same.
        expect(messageKeysNode(authKey, key, fromClient ? 0 : 8)).to.deep.equal(ours);
      }
    }
  });

  it('msg_key is the middle of SHA256(auth_key[88 + x, 32] + plaintext), x = 0 from the client, 8 from the server', () => {
    const random = seeded('msg key');
    const authKey = random(256);
    const plain = random(256 + 48);
    for (const [fromClient, x] of [[true, 0], [false, 8]] as const) {
      const full = createHash('sha256').update(authKey.subarray(88 + x, 120 + x)).update(plain).digest();
      expect(toHex(msgKey(authKey, plain, fromClient))).to.equal(full.subarray(8, 24).toString('hex'));
    }
    expect(msgKey(authKey, plain, true)).to.not.deep.equal(msgKey(authKey, plain, false));
  });

  it('rejects auth keys and msg_keys of the wrong size', () => {
    expect(() => messageKeys(new Uint8Array(255), new Uint8Array(16), true)).to.throw(CryptoInputError, /authKey/);
    expect(() => messageKeys(new Uint8Array(256), new Uint8Array(15), true)).to.throw(CryptoInputError, /msgKey/);
    expect(() => msgKey(new Uint8Array(128), new Uint8Array(16), true)).to.throw(CryptoInputError);
    expect(() => authKeyId(new Uint8Array(8))).to.throw(CryptoInputError);
  });
});
