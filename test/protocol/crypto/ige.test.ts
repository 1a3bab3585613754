import { expect } from 'chai';
import { createRequire } from 'node:module';
import { CryptoInputError, igeDecrypt, igeEncrypt, sha1 } from '../../../src/protocol/crypto/index.js';
import { decryptPerBlock, ENCRYPT_CBC_FROM, encryptViaCbc, igeDecryptInPlace } from '../../../src/protocol/crypto/ige.js';
import { hex, mtcuteWasm, referenceIge, seeded, toHex } from './helpers.js';

const require = createRequire(import.meta.url);

describe('crypto: AES-256-IGE', () => {
  describe('the reference IGE of these tests', () => {
    // OpenSSL's test/igetest.c vectors (AES-128; the mode is the same for every key size).
    it('reproduces OpenSSL IGE vector 0 (encrypt)', () => {
      const key = hex('000102030405060708090a0b0c0d0e0f');
      const iv = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
      const out = referenceIge('aes-128-ecb', new Uint8Array(32), key, iv, false);
      expect(toHex(out)).to.equal('1a8519a6557be652e9da8e43da4ef4453cf456b4ca488aa383c79c98b34797cb');
      expect(referenceIge('aes-128-ecb', out, key, iv, true)).to.deep.equal(new Uint8Array(32));
    });

    it('reproduces OpenSSL IGE vector 1 (decrypt)', () => {
      const key = Buffer.from('This is an imple');
      const iv = Buffer.from('mentation of IGE mode for OpenSS');
      const input = Buffer.from("L. Let's hope Ben got it right!\n");
      const out = referenceIge('aes-128-ecb', input, key, iv, true);
      expect(toHex(out)).to.equal('99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b');
    });
  });

  // core.telegram.org/mtproto/samples-auth_key: both directions of AES-256-IGE with the handshake's tmp_aes key.
  const tmpKey = hex('E68CA5ABA101FFCA0ADDA66303A57AFFAA2712FB16A7B8DAFC72C25E8A73A368');
  const tmpIv = hex('0A355D4431B9DDD91A51EFF3F7D340D64F0390C53F91DC53C331D43C264F835B');

  it("encrypts the example's client_DH_inner_data byte for byte", () => {
    const data = hex(
      '54B6436679F0AFB50252E5FC96924BFCECDA4F05801775A3EFBFD2701AA28AD727BE46460000000000000000FE0001005EEDFBF6A2199CD1B06182C5C4E0DC26B69ECDE1AD6430D192CD8A69E7434B66A42900AF29B3F41C619AD383FB3721705CF52C34C0507433F743592EE5D4FC50F64E0F8686870E36179AF8C8F4587BD572E98AF4A8247DE2F524BCD48642B38F36104046D7502CDC14BF39A88422B4B1111D886A326C473D1145E69E37C676E1E8FDA07E470482F853886700AE1E7FFDE69FF6D40547C515110B74C6680C844B61504FE0A2D3E08BB7BAE70016C97D7E6B7FA4CEBFE6B5BE30C884849ADE39CC50FD9B4FB16F671EFE8533D0BF7FF8BF13957F1E0D55E713199CEACC72419AF60CDB1D561084565E9F090141B9F8732B2E806C1B01B25BAFFC4EE1BD5525CB8A',
    );
    const padding = hex('8347525EB8B63DE9CE3A1FCC');
    const dataWithHash = Uint8Array.from(Buffer.concat([sha1(data), data, padding]));
    expect(dataWithHash.length).to.equal(336);
    const expected =
      'FA29896EE19D3CCB08FB07CF1C922CFFBF5D38D98BA56D926D63064C77741F423BCE22B5A2C100E34BB5D7CE3027E85E65006205B6926C0E42EF29E7CC24EEC4523650F692A530FB95D57EF3604C490155FB8530C94E9E2EBDF272BDB3DD98FFCA65FF51E5DBCA4CF799D6660F6D0BA1A8B1CE6FE9D26F401B1B79E057EE273CAE14D8D8D60030C862E13B2E49FE97008AEA0EC8ADE90AE3DDDC641AE7C0844A37EFC4DA3B27308B9C40B1FD2028C12B37EA719D593DC7EDC892B8630B82E05168FCC0D76E7CA23106FEF13B09D3BAE83D612CDF2E3A5ADDE4E807EEED660C9921AD364CFF6614350F313A48AB3483F08AB81A226F7763A575F44A04BD53C58A49ABD2EE4A885F2610A8387803E418C371AF9378A0941F2DB0AA9CE019048B6C9ED0C7FCB33985624E2392233CAA5E66A3891AB18544685E96EF5C2B55E69EA2C62B33E6058DA2944F087B803F251A7C';
    expect(toHex(igeEncrypt(dataWithHash, tmpKey, tmpIv))).to.equal(expected.toLowerCase());
    expect(igeDecrypt(hex(expected), tmpKey, tmpIv)).to.deep.equal(dataWithHash);
  });

  it("decrypts the example's server_DH_params_ok answer byte for byte", () => {
    const encrypted = hex(
      '9A46DCE9D54DE42C5E4F0D19D776C8C1F318EB1AF8836500B5DA1B1A80D58038A554FEAF627E6DC4E4924943602D8E19488A6E38A0B81346257E4DB5BE6E9E00FE991FD6C56D618D3D0A2493202677AC7CF245846C1494F60D08E61B7FEA8BB72DD8BA53F6CBF78F2B387757FE2E7F345A368ABBEC694EFDE066DC3D2375CF010D1E1BF4351724B269E68B541409E07649FEEE1DF6DC5B3C18166879CC67876782D43EC9B79AF8ACF67868F4AB7DE4082603B670EC622B5DFBBB9E908FE0244593A4D22474316020CE0E76A5C6AD021D3989451E0B3E8EE48C355992DB90300B376B296E18BB470300C7DF14BFAE05A452583EAD93167941208BBB5AC8099F0494AA27D6C1A5B678AD12B19FB7D423BB4A29C0EB03169EC538211D82FEB50F209652D00D3399986B3B0CA09CEB5E2FCCB49017FEE5F54930D9DE371172B3FF1080D733E5DD620B42DBB76A3E9C25B1B89AB8AA35C099322CA390E269D8818EA8722008DE537705B4071DA7DEF502FCD5A30D2026EA8A87A0F4915803A8271B665690E96AABDFC0B479538AE61BA701EDFF14F7212370958ED41EC8E41E427C407FBB0360565C1A6BDF285BC5120B11631B75803DFBF8AAEBDC47418A1F061747005ABA9314EE5E261C3E504EAE0ADAAC832B414BF6F7002982CE5B5AE2513761EE29FA1CBA090B9A39AACE2948A80E144DB2C622589D79FB42E3DAE491104E8A653DED7629CDE08B6C41E90E55B0EBCD4F1FC50FADDF4A7A9F6D711F0959DFEF04A744A6ADFD890B2AB405B9AD5F8E3F38928108F4CD0BA501A492FC463BC7BE8C506B5F7D24CC819A95929166B6E814',
    );
    const answerWithHash =
      '4262AD6A332AC2A3050B5142711CE3B7BFD76FABBA0D89B579F0AFB50252E5FC96924BFCECDA4F05801775A3EFBFD2701AA28AD727BE464603000000FE000100C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C3720FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F642477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5BFE000100236F6D779877A357465CEC030AC5FDA6D6B377372BFA75574289988FD87D966A29B47E0C00BC788900304EA5E03F3856058C309A6CB508553913788D41A61B1D82B0A2F932C68F18FC21851E66D8649AD9E2092F08C96AD67810724369BF0511E74E1F71F1A825EDDFA1D5DC30E359693C0366FF9FB6828699ACFD1F037116F95ADD42F6C64B580B3287AA32FBA518E4B8C9C7B52413B501247DB05ADDD891794394DB529E66890603BCD75CF70E6151398EE85F6D8178EA72C6A61937BCE32BFDAEA86B57A27EBC379933F54C7D44F3E407ED26685D88F0F10A344CDF62F4E20974B374BA1D41DF223A867DD19713CF0FF71F24465D79258B1742916EE35EE3EBE57767E9A54498509543E9';
    const plain = igeDecrypt(encrypted, tmpKey, tmpIv);
    expect(toHex(plain)).to.equal(answerWithHash.toLowerCase());
    // The first 20 bytes are SHA1 of the answer that follows (564 bytes, then 8 of padding).
    expect(sha1(plain.subarray(20, 20 + 564))).to.deep.equal(plain.subarray(0, 20));
    expect(igeEncrypt(plain, tmpKey, tmpIv)).to.deep.equal(encrypted);
  });

  it('matches the reference in both directions at every size around the kernel and CBC routes', () => {
    const random = seeded('ige sizes');
    const sizes = [16, 32, 48, 64, 80, 256, 1024, ENCRYPT_CBC_FROM - 16, ENCRYPT_CBC_FROM, ENCRYPT_CBC_FROM + 16, 65536, 65536 + 48];
    for (const size of sizes) {
      const data = random(size);
      const key = random(32);
      const iv = random(32);
      const encrypted = igeEncrypt(data, key, iv);
      expect(toHex(encrypted), `encrypt ${size}`).to.equal(toHex(referenceIge('aes-256-ecb', data, key, iv, false)));
      expect(toHex(igeDecrypt(encrypted, key, iv)), `decrypt ${size}`).to.equal(toHex(data));
      expect(toHex(igeDecrypt(data, key, iv)), `decrypt random ${size}`).to.equal(toHex(referenceIge('aes-256-ecb', data, key, iv, true)));
    }
  });

  it('gives the same results on the routes taken only by size or without WebAssembly', () => {
    const random = seeded('ige routes');
    for (const size of [16, 32, 48, 64, 96, 1024, 4096 + 16]) {
      const data = random(size);
      const key = random(32);
      const iv = random(32);
      expect(toHex(encryptViaCbc(data, key, iv)), `cbc ${size}`).to.equal(toHex(referenceIge('aes-256-ecb', data, key, iv, false)));
      expect(toHex(decryptPerBlock(data, key, iv)), `per block ${size}`).to.equal(toHex(referenceIge('aes-256-ecb', data, key, iv, true)));
    }
  });

  it('takes unaligned views, Buffers, and leaves its inputs alone', () => {
    const random = seeded('ige views');
    const backing = random(8192 + 3);
    const key = random(32);
    const iv = random(32);
    for (const size of [64, 8192]) {
      const data = backing.subarray(3, 3 + size); // byteOffset 3: not 4-aligned
      const before = data.slice();
      const expected = referenceIge('aes-256-ecb', data, key, iv, false);
      expect(igeEncrypt(data, key, iv)).to.deep.equal(expected);
      expect(igeEncrypt(Buffer.from(data), Buffer.from(key), Buffer.from(iv))).to.deep.equal(expected);
      expect(igeDecrypt(expected, key.subarray(0), iv)).to.deep.equal(before);
      expect(data).to.deep.equal(before);
      const ivView = Uint8Array.from([0, ...iv]).subarray(1);
      expect(igeEncrypt(data, key, ivView)).to.deep.equal(expected);
    }
  });

  it('decrypts in place over an owned buffer, unaligned views included, with the same result', () => {
    const random = seeded('ige in place');
    const key = random(32);
    const iv = random(32);
    for (const size of [16, 1024, 1 << 20]) {
      const plain = random(size);
      const cipher = igeEncrypt(plain, key, iv);
      const backing = new Uint8Array(size + 5);
      backing.set(cipher, 5);
      const view = backing.subarray(5);
      const out = igeDecryptInPlace(view, key, iv);
      expect(out).to.equal(view);
      expect(Buffer.compare(view, plain)).to.equal(0);
    }
    expect(() => igeDecryptInPlace(new Uint8Array(15), random(32), random(32))).to.throw(CryptoInputError);
  });

  it('returns fresh arrays: results do not alias each other', () => {
    const random = seeded('ige alias');
    const key = random(32);
    const iv = random(32);
    const a = igeEncrypt(random(64), key, iv);
    const copy = a.slice();
    igeEncrypt(random(64), key, iv);
    igeDecrypt(random(64), key, iv);
    expect(a).to.deep.equal(copy);
    expect(a).to.be.instanceOf(Uint8Array);
  });

  it('agrees with GramJS and mtcute on random inputs', async () => {
    const { IGE } = require('telegram/crypto/IGE') as { IGE: new (key: Buffer, iv: Buffer) => { encryptIge(d: Buffer): Buffer; decryptIge(d: Buffer): Buffer } };
    const mtcute = await mtcuteWasm();
    const random = seeded('ige peers');
    for (let i = 0; i < 40; i++) {
      const size = 16 * (1 + (random(2)[0] | (i > 30 ? random(1)[0] << 8 : 0)));
      const data = random(size);
      const key = random(32);
      const iv = random(32);
      const ours = toHex(igeEncrypt(data, key, iv));
      expect(ours).to.equal(toHex(new IGE(Buffer.from(key), Buffer.from(iv)).encryptIge(Buffer.from(data))));
      expect(ours).to.equal(toHex(mtcute.ige256Encrypt(data, key, iv)));
      const back = toHex(igeDecrypt(data, key, iv));
      expect(back).to.equal(toHex(new IGE(Buffer.from(key), Buffer.from(iv)).decryptIge(Buffer.from(data))));
      expect(back).to.equal(toHex(mtcute.ige256Decrypt(data, key, iv)));
    }
  });

  it('rejects bad sizes with CryptoInputError', () => {
    const key = new Uint8Array(32);
    const iv = new Uint8Array(32);
    for (const fn of [igeEncrypt, igeDecrypt]) {
      expect(() => fn(new Uint8Array(15), key, iv)).to.throw(CryptoInputError, /16-byte blocks/);
      expect(() => fn(new Uint8Array(17), key, iv)).to.throw(CryptoInputError);
      expect(() => fn(new Uint8Array(16), new Uint8Array(16), iv)).to.throw(CryptoInputError, /key: expected 32 bytes, got 16/);
      expect(() => fn(new Uint8Array(16), key, new Uint8Array(16))).to.throw(CryptoInputError, /iv: expected 32 bytes/);
      expect(() => fn('abc' as unknown as Uint8Array, key, iv)).to.throw(CryptoInputError, /expected a Uint8Array, got string/);
      expect(fn(new Uint8Array(0), key, iv)).to.deep.equal(new Uint8Array(0));
    }
    try {
      igeEncrypt(new Uint8Array(16), new Uint8Array(31), iv);
      expect.fail('no error');
    } catch (e) {
      expect(e).to.be.instanceOf(CryptoInputError);
      expect((e as CryptoInputError).got).to.equal(31);
      expect((e as CryptoInputError).expected).to.equal(32);
    }
  });
});
