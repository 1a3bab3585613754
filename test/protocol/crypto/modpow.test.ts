import { expect } from 'chai';
import { bigintToBytes, bytesToBigint, CryptoInputError, modPow, TELEGRAM_DH_PRIME } from '../../../src/protocol/crypto/index.js';
import { modPowBigint } from '../../../src/protocol/crypto/modpow.js';
import { hex, seeded } from './helpers.js';

const big = (s: string) => bytesToBigint(hex(s));

describe('crypto: modPow and bigint bytes', () => {
  it("computes the example handshake's g_b = 3^b and auth_key = g_a^b mod dh_prime", () => {
    // core.telegram.org/mtproto/samples-auth_key, steps 6-8.
    const b = big(
      'F2987DDA0ABCE0B7CE23A7B850BE126641CBAABC1F4C250C839E1844E2E2CBE57BC0A30B45F6C21D8635F5E927DB0D7498A2F03C6A42D3FB2F3787D5B4D63C2F17A6EB197C0412237E528B68D3D70ADCDEEBD7CD6BACEC59D4FB8F17125ED00B95B34A2D5D8A2133937B5DFEF6DB09F0A3A1BC207A87D9FE4761C59880CA551432E4AFFCF3982B11EABC526977215F4AC2CE20FA7C808A971DA8C8A08FF26DEBB326EE580B551BEAF0C4B677FCE00E5C6AAEDA3A5A42F38C9C6E226EEDED0502A6BEFC991CC1E0B504E187206D172E72E05D958009FB8C27616EBDD28247262A33AF25E911C9DC22D9A88C6E31A623E6C1E1011CDBD184F6DFFC4F77F5370F16',
    );
    const ga = big(
      '236F6D779877A357465CEC030AC5FDA6D6B377372BFA75574289988FD87D966A29B47E0C00BC788900304EA5E03F3856058C309A6CB508553913788D41A61B1D82B0A2F932C68F18FC21851E66D8649AD9E2092F08C96AD67810724369BF0511E74E1F71F1A825EDDFA1D5DC30E359693C0366FF9FB6828699ACFD1F037116F95ADD42F6C64B580B3287AA32FBA518E4B8C9C7B52413B501247DB05ADDD891794394DB529E66890603BCD75CF70E6151398EE85F6D8178EA72C6A61937BCE32BFDAEA86B57A27EBC379933F54C7D44F3E407ED26685D88F0F10A344CDF62F4E20974B374BA1D41DF223A867DD19713CF0FF71F24465D79258B1742916EE35EE3',
    );
    const gb = modPow(3n, b, TELEGRAM_DH_PRIME);
    expect(gb).to.equal(
      big(
        '5EEDFBF6A2199CD1B06182C5C4E0DC26B69ECDE1AD6430D192CD8A69E7434B66A42900AF29B3F41C619AD383FB3721705CF52C34C0507433F743592EE5D4FC50F64E0F8686870E36179AF8C8F4587BD572E98AF4A8247DE2F524BCD48642B38F36104046D7502CDC14BF39A88422B4B1111D886A326C473D1145E69E37C676E1E8FDA07E470482F853886700AE1E7FFDE69FF6D40547C515110B74C6680C844B61504FE0A2D3E08BB7BAE70016C97D7E6B7FA4CEBFE6B5BE30C884849ADE39CC50FD9B4FB16F671EFE8533D0BF7FF8BF13957F1E0D55E713199CEACC72419AF60CDB1D561084565E9F090141B9F8732B2E806C1B01B25BAFFC4EE1BD5525CB8A',
      ),
    );
    expect(modPow(ga, b, TELEGRAM_DH_PRIME)).to.equal(
      big(
        '83CBD31C0303361FF1C29437A77CBA749C84F28A118646038C7EDD29EF718A1F6A493047D476A6E678D97A4A5CC7990CEA552D68E109869E5BFC86570049CD8F2EB4BA10B6C4123FB8A977774B4C5185B5C96AF7BD7A71DB78E6E6148CED2048869A21B8ED7FBA7F6F2E7722BFA28447AB84A245CB0E6D01261191B753191E744DCFDA522D50167832EE4D5EE90AAA6F31821248F0F06BF5692EF604CFC4316CEDE078F71E17BCEBBE388589E6707AF5BA26E8DD063BB116C4B4E7BEF3B462C3350D0376D42F95D353E46BE4C378D2A60141A2339641F8B712EB3ECFB42B7F26F69E9BB15373E0AC4BE266E1681859DDAAB8CD7D877BB847D2A8BD068A784943',
      ),
    );
    expect(modPowBigint(3n, b, TELEGRAM_DH_PRIME)).to.equal(gb);
  });

  it('agrees with the plain bigint version on edge and random cases, native route or not', () => {
    const random = seeded('modpow');
    const n = (bytes: number) => bytesToBigint(random(bytes));
    const odd2048 = n(256) | 1n | (1n << 2047n);
    const cases: [bigint, bigint, bigint][] = [
      [0n, 5n, odd2048],
      [1n, n(256), odd2048],
      [odd2048 - 1n, 2n, odd2048],
      [n(300), n(256), odd2048], // base above the modulus
      [n(256), odd2048 + 12345n, odd2048], // exponent above the modulus: split
      [n(256), n(600), odd2048], // exponent far above
      [n(256), 0n, odd2048],
      [n(256), 1n, odd2048],
      [n(256), n(256) & ~1n, odd2048], // even exponent
      [n(40), n(40), (n(64) | 1n) ], // small modulus: bigint route
      [n(256), n(256), n(256) & ~1n | (1n << 2047n)], // even modulus: bigint route
      [7n, 10n, 1n],
      [-3n, 3n, 7n], // negative base, reduced first
      [n(384), n(384), n(384) | 1n | (1n << 3071n)], // 3072 bits, native
      [n(500), n(64), n(500) | 1n | (1n << 3999n)], // above 3072 bits: bigint route
    ];
    for (let i = 0; i < 10; i++) cases.push([n(256), n(256), n(256) | 1n | (1n << 2047n)]);
    for (const [b, e, m] of cases) {
      expect(modPow(b, e, m), `${b} ^ ${e} mod ${m}`).to.equal(modPowBigint(b, e, m));
    }
    expect(modPowBigint(5n, 117n, 19n)).to.equal(1n); // 5^117 = (5^9)^13 = 1 (mod 19)
  });

  it('rejects a non-positive modulus, a negative exponent, and non-bigints', () => {
    expect(() => modPow(2n, 3n, 0n)).to.throw(CryptoInputError);
    expect(() => modPow(2n, -1n, 7n)).to.throw(CryptoInputError);
    expect(() => modPow(2 as unknown as bigint, 3n, 7n)).to.throw(CryptoInputError);
  });

  it('converts bigints and big-endian bytes both ways, fixed length', () => {
    expect(bigintToBytes(0x0102n, 4)).to.deep.equal(new Uint8Array([0, 0, 1, 2]));
    expect(bytesToBigint(new Uint8Array([0, 0, 1, 2]))).to.equal(0x0102n);
    expect(bytesToBigint(new Uint8Array(0))).to.equal(0n);
    expect(bigintToBytes(0n, 2)).to.deep.equal(new Uint8Array(2));
    expect(() => bigintToBytes(0x10000n, 2)).to.throw(CryptoInputError, /needs 3 bytes/);
    expect(() => bigintToBytes(-1n, 2)).to.throw(CryptoInputError);
    const random = seeded('bytes')(256);
    expect(bigintToBytes(bytesToBigint(random), 256)).to.deep.equal(random);
  });
});
