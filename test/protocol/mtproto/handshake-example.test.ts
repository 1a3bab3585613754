/**
 * Telegram's worked key exchange, "Auth key generation example",
 * https://core.telegram.org/mtproto/samples-auth_key (the req_pq_multi /
 * p_q_inner_data_dc / RSA_PAD edition, nonce 51A1143F..., server_time
 * 0x6A467061), replayed byte for byte: the page's random values and clock go
 * in, the page's server answers are fed back, and every request we make is
 * compared with the page's bytes.
 *
 * One value is not on the page: RSA_PAD's temp_key (32 random bytes drawn
 * after random_padding_bytes). Without it, and without Telegram's private key,
 * the 256 bytes of req_DH_params.encrypted_data cannot be reproduced or
 * opened. So that request is compared byte for byte everywhere but those 256
 * bytes, and what goes into RSA_PAD (p_q_inner_data_dc followed by the page's
 * random_padding_bytes) is compared byte for byte by running the same step
 * against a key of our own and opening the result.
 */
import { expect } from 'chai';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decode, encode } from '../../../src/schema/index.js';
import { bigintToBytes, bytesToBigint, igeDecrypt, rsaFingerprint, rsaPadDecrypt, sha256, TELEGRAM_DH_PRIME } from '../../../src/protocol/crypto/index.js';
import {
  authKeyAuxHash,
  ClientHandshake,
  encryptWithHash,
  handshakeStep,
  startHandshake,
  tmpAesKeyIv,
  type ClientHandshakeOptions,
  type ClientHandshakeState,
} from '../../../src/protocol/mtproto/handshake.js';
import { packPlain, unpackPlain } from '../../../src/protocol/mtproto/plain.js';
import { PRODUCTION_KEY } from '../telegram-keys.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/[\s|]+/g, ''), 'hex'));
/** A hex dump as the page prints it: "0000 | 00 11 ..." lines; the offsets are dropped. */
const dump = (s: string) => hex(s.replace(/^\s*[0-9A-F]{4} \|/gim, ''));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

// ------------------------------------------------------------ the page's values

/** Telegram's production key, the one with fingerprint 85FD64DE851D9DD0 that the page picks. */
const TELEGRAM_KEY = PRODUCTION_KEY;

const PAGE = {
  // 1) Client sends query to server
  reqPqFrame: dump(`
    0000 | 00 00 00 00 00 00 00 00 78 F4 04 00 61 70 46 6A
    0010 | 14 00 00 00 F1 8E 7E BE 51 A1 14 3F C7 A3 66 6B
    0020 | E4 BE 54 D6 89 0A 02 DC`),
  nonce: hex('51A1143FC7A3666BE4BE54D6890A02DC'),
  // 2) Server sends response of the form
  resPqFrame: dump(`
    0000 | 00 00 00 00 00 00 00 00 01 F4 CC C2 61 70 46 6A
    0010 | 50 00 00 00 63 24 16 05 51 A1 14 3F C7 A3 66 6B
    0020 | E4 BE 54 D6 89 0A 02 DC 63 24 8F 67 48 21 4E AB
    0030 | 8A 2F 4C C8 76 E1 19 74 08 2E 9C DB 98 C8 0C DA
    0040 | 4B 00 00 00 15 C4 B5 1C 03 00 00 00 85 FD 64 DE
    0050 | 85 1D 9D D0 A5 B7 F7 09 35 5F C3 0B 21 6B E8 6C
    0060 | 02 2B B4 C3`),
  serverNonce: hex('63248F6748214EAB8A2F4CC876E11974'),
  pq: 3358800871349344843n,
  // 3) p < q
  p: 1786331737n,
  q: 1880278339n,
  // 4) encrypted_data payload generation
  newNonce: hex('BF8CB5BD9C5B4FE7CF24D64D281F89311576D53C0DA65A83267E57315414C9A6'),
  pqInnerData: hex(
    '955FF5A9082E9CDB98C80CDA4B000000046A794259000000047012C54300000051A1143FC7A3666BE4BE54D6890A02DC63248F6748214EAB8A2F4CC876E11974BF8CB5BD9C5B4FE7CF24D64D281F89311576D53C0DA65A83267E57315414C9A602000000',
  ),
  randomPaddingBytes: hex(
    'CAA2EE40A79783204C32BE8CB0EB37F550E2B037C8D587641F0AA0CC5A00ED9A482D035C8535ECC4E1D7FD961765525AD4E09497F9152C013CC14E9D50357A280F33E60E86AEF0B92775947BDF76D95966CCD0FF47E06FA6F2C8ACDF',
  ),
  rsaEncryptedData: hex(
    '07FB235B4C7728558405705E3F18B09E5E2434977C42112E50DDE7C339D5893F966E40D8C951E37D9E32538189A83D59E005502B7CC125FBCD346EE75E33D0A26EDFFF456914245AC707B427E1DA7C7EAADBE1DD868B81B675D516E8DD20193FD51CACDE5A2281DCC57A724C77872511F7D156AAA032C7E731F971F3F4C9BE9233A3A1EE782C3311B0D380C0639386B57366AB38CA232B08805095D182C1382F1E0274D3EAE59F08AB7C8F50BB9CE75AB7A2B727A052F720B115BE65F455128B02BF182D243255894E1D376C4B287D45218012FBA1B9CD7619B1CF827FEAB4E00EB9722A126CC022A1DDCC094F3B7F258FDEE75FA21C8DA61F4136C23BADDB0C',
  ),
  // 5) Send req_DH_params query with generated encrypted_data
  reqDhParamsFrame: dump(`
    0000 | 00 00 00 00 00 00 00 00 F4 DD 0B 00 61 70 46 6A
    0010 | 40 01 00 00 BE E4 12 D7 51 A1 14 3F C7 A3 66 6B
    0020 | E4 BE 54 D6 89 0A 02 DC 63 24 8F 67 48 21 4E AB
    0030 | 8A 2F 4C C8 76 E1 19 74 04 6A 79 42 59 00 00 00
    0040 | 04 70 12 C5 43 00 00 00 85 FD 64 DE 85 1D 9D D0
    0050 | FE 00 01 00 07 FB 23 5B 4C 77 28 55 84 05 70 5E
    0060 | 3F 18 B0 9E 5E 24 34 97 7C 42 11 2E 50 DD E7 C3
    0070 | 39 D5 89 3F 96 6E 40 D8 C9 51 E3 7D 9E 32 53 81
    0080 | 89 A8 3D 59 E0 05 50 2B 7C C1 25 FB CD 34 6E E7
    0090 | 5E 33 D0 A2 6E DF FF 45 69 14 24 5A C7 07 B4 27
    00A0 | E1 DA 7C 7E AA DB E1 DD 86 8B 81 B6 75 D5 16 E8
    00B0 | DD 20 19 3F D5 1C AC DE 5A 22 81 DC C5 7A 72 4C
    00C0 | 77 87 25 11 F7 D1 56 AA A0 32 C7 E7 31 F9 71 F3
    00D0 | F4 C9 BE 92 33 A3 A1 EE 78 2C 33 11 B0 D3 80 C0
    00E0 | 63 93 86 B5 73 66 AB 38 CA 23 2B 08 80 50 95 D1
    00F0 | 82 C1 38 2F 1E 02 74 D3 EA E5 9F 08 AB 7C 8F 50
    0100 | BB 9C E7 5A B7 A2 B7 27 A0 52 F7 20 B1 15 BE 65
    0110 | F4 55 12 8B 02 BF 18 2D 24 32 55 89 4E 1D 37 6C
    0120 | 4B 28 7D 45 21 80 12 FB A1 B9 CD 76 19 B1 CF 82
    0130 | 7F EA B4 E0 0E B9 72 2A 12 6C C0 22 A1 DD CC 09
    0140 | 4F 3B 7F 25 8F DE E7 5F A2 1C 8D A6 1F 41 36 C2
    0150 | 3B AD DB 0C`),
  // 6) Server responds with
  serverDhParamsFrame: dump(`
    0000 | 00 00 00 00 00 00 00 00 01 C8 63 F4 61 70 46 6A
    0010 | 78 02 00 00 5C 07 E8 D0 51 A1 14 3F C7 A3 66 6B
    0020 | E4 BE 54 D6 89 0A 02 DC 63 24 8F 67 48 21 4E AB
    0030 | 8A 2F 4C C8 76 E1 19 74 FE 50 02 00 C3 34 D3 13
    0040 | 06 41 74 F4 43 CE 90 E1 3C 83 5F AE A6 AE 96 77
    0050 | 08 9A 07 81 CC 8C 17 AD C8 FF 5B 50 72 93 4C 1D
    0060 | FB 1F 2B 92 22 19 7D E8 06 18 6E 66 12 E0 CF A2
    0070 | 59 38 09 B4 B9 1B 49 F0 06 FF BB D9 EA AA DE 1E
    0080 | ED CA 04 6F 50 0A 77 BB 53 8E 3C 2F 02 A4 A6 81
    0090 | 4D F0 BC 77 99 3E 49 3B 7F 2C 98 34 4F 67 44 55
    00A0 | A9 0A 54 10 70 74 0F 4B 81 1F FF 4B 80 B1 61 73
    00B0 | 7E 0E 86 7F F2 0D 03 BE 6B 52 BA 66 F7 31 9D 03
    00C0 | B6 21 73 2E 1C 88 02 02 EA F6 1D F3 1D E8 31 E7
    00D0 | AC 97 B0 FF DB FF FF A7 01 9D 39 95 53 F3 7B 64
    00E0 | 59 13 23 84 43 F4 C5 60 A5 9A 5B A6 AA 6B FA EB
    00F0 | 15 9F D2 29 1F CD A4 9A 23 E8 00 91 96 B8 06 2D
    0100 | D4 24 F4 5D 3B 43 53 8C 68 B2 C0 70 A8 45 C2 60
    0110 | 05 2D D3 C2 66 65 9F A6 C0 C6 A8 FF 36 FB FF 8D
    0120 | AB 36 E0 6B EB 5E 18 AF E3 80 27 FD A4 5E 65 88
    0130 | 4A 50 34 02 84 0E 21 C1 86 91 01 F4 C6 13 E9 ED
    0140 | A6 1C 2E B0 AA 98 70 46 F8 06 9C 2C 00 2E E4 8A
    0150 | 95 84 4D D6 2E 0E 4B 61 22 57 39 1B 01 4D 3B 04
    0160 | 3D 7C 19 3F 93 63 52 F9 D7 99 CC 40 17 CA 54 48
    0170 | 96 BB 09 B3 B5 B8 B7 0C 2C 5E 48 29 5A 82 CF 13
    0180 | BC F5 FB 0B A5 29 91 EC 5C 25 18 8A B7 83 CB CE
    0190 | D3 57 3B AB B2 55 E8 27 41 EA F4 94 16 09 AE FF
    01A0 | 96 0A 4F 2B 41 F9 2E 78 59 51 41 EB C7 36 77 E0
    01B0 | 91 04 B8 69 0D 3E 3C 30 FC A7 8B B0 F9 7B 43 36
    01C0 | E9 25 BC B0 C8 5A 80 54 58 EE 7B 8D AD 75 99 38
    01D0 | 8C 33 83 94 FB 31 7C 0C 6B D5 EC 2C D5 64 17 7E
    01E0 | C0 59 E9 70 5E FA F2 04 8E D0 B0 14 EA 89 C6 0E
    01F0 | E4 8C C5 47 FE 51 CE 4D 0F 13 DE A2 AB EA 9F 24
    0200 | 25 B3 FA 29 87 D9 60 ED EF 61 9B 67 92 1B 2E 92
    0210 | 21 9C 81 F7 09 C2 92 44 14 93 22 57 D5 F3 EE B1
    0220 | 2D 0A AF 2B 29 51 19 88 DA CC 96 67 92 D7 E2 6F
    0230 | 04 EF 5F 78 CC 18 F8 A9 C6 20 66 8F D7 6A 66 8A
    0240 | C6 E6 D4 34 74 BF B5 CF C9 27 C1 5B 5D 1F D5 31
    0250 | F5 0B 7E DF FC D5 0F 6F 04 A0 88 45 66 CC 85 8D
    0260 | 05 A2 B8 46 D6 9A 87 99 D3 60 22 11 2A CC CA 56
    0270 | 7D 6B 5E FE 79 9A C9 3D E4 39 A7 D1 6C E6 1C 16
    0280 | B0 2F 89 AD 9A CB D0 45 11 1B C5 F1`),
  tmpAesKey: hex('16F548177058E8D39C41CBAD4D419446BEB12EB9B8F5AD28EA824B8015F17D81'),
  tmpAesIv: hex('C4D14166C1378E35C698460047DBB6075441BE9984611C28837357EBBF8CB5BD'),
  answerWithHash: hex(
    '8BB20017894315B136AE5F4BAAD0F0BA20334342BA0D89B551A1143FC7A3666BE4BE54D6890A02DC63248F6748214EAB8A2F4CC876E1197403000000FE000100C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C3720FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F642477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5BFE0001008539DB1E497692EE8BD112463F5F26699039792151BE8B575AA56D8914EDBAA242C2A8096FFAB06211B36291FC4994CB0FDFD37389DF8886F2C6B634C0D01B1C8EBD3E9BE1F49B4A8BD33C3952EF1CEC5E9425CD9C2136CA482A521F9ACC86BEA7D8E224F3D6D78A7F734961EED863EA52EC399C58AE94B733E4CB0AFC728926FB2F457D4AB89576D8067489E323DF8702DEC6EFA2EAF1D85548748D2DFA62925920563076F143D8AE852BCAE61553371BEDA580FEBD952AC7C7C1AFBB3F15934CE815716C6C362F9382BE91DC6F964E97C1A308D63FC1E4DFB2B8395A3E7B9A996C2DD3086488EB281301BEEC1ECEDD00296D76AC7EF7B786EA82F0FA7896DB6170466AA674223E982CE5E5',
  ),
  /** The "Generated payload" of step 6: server_DH_inner_data, 564 bytes. */
  serverDhInnerData: dump(`
    0000 | BA 0D 89 B5 51 A1 14 3F C7 A3 66 6B E4 BE 54 D6
    0010 | 89 0A 02 DC 63 24 8F 67 48 21 4E AB 8A 2F 4C C8
    0020 | 76 E1 19 74 03 00 00 00 FE 00 01 00 C7 1C AE B9
    0030 | C6 B1 C9 04 8E 6C 52 2F 70 F1 3F 73 98 0D 40 23
    0040 | 8E 3E 21 C1 49 34 D0 37 56 3D 93 0F 48 19 8A 0A
    0050 | A7 C1 40 58 22 94 93 D2 25 30 F4 DB FA 33 6F 6E
    0060 | 0A C9 25 13 95 43 AE D4 4C CE 7C 37 20 FD 51 F6
    0070 | 94 58 70 5A C6 8C D4 FE 6B 6B 13 AB DC 97 46 51
    0080 | 29 69 32 84 54 F1 8F AF 8C 59 5F 64 24 77 FE 96
    0090 | BB 2A 94 1D 5B CD 1D 4A C8 CC 49 88 07 08 FA 9B
    00A0 | 37 8E 3C 4F 3A 90 60 BE E6 7C F9 A4 A4 A6 95 81
    00B0 | 10 51 90 7E 16 27 53 B5 6B 0F 6B 41 0D BA 74 D8
    00C0 | A8 4B 2A 14 B3 14 4E 0E F1 28 47 54 FD 17 ED 95
    00D0 | 0D 59 65 B4 B9 DD 46 58 2D B1 17 8D 16 9C 6B C4
    00E0 | 65 B0 D6 FF 9C A3 92 8F EF 5B 9A E4 E4 18 FC 15
    00F0 | E8 3E BE A0 F8 7F A9 FF 5E ED 70 05 0D ED 28 49
    0100 | F4 7B F9 59 D9 56 85 0C E9 29 85 1F 0D 81 15 F6
    0110 | 35 B1 05 EE 2E 4E 15 D0 4B 24 54 BF 6F 4F AD F0
    0120 | 34 B1 04 03 11 9C D8 E3 B9 2F CC 5B FE 00 01 00
    0130 | 85 39 DB 1E 49 76 92 EE 8B D1 12 46 3F 5F 26 69
    0140 | 90 39 79 21 51 BE 8B 57 5A A5 6D 89 14 ED BA A2
    0150 | 42 C2 A8 09 6F FA B0 62 11 B3 62 91 FC 49 94 CB
    0160 | 0F DF D3 73 89 DF 88 86 F2 C6 B6 34 C0 D0 1B 1C
    0170 | 8E BD 3E 9B E1 F4 9B 4A 8B D3 3C 39 52 EF 1C EC
    0180 | 5E 94 25 CD 9C 21 36 CA 48 2A 52 1F 9A CC 86 BE
    0190 | A7 D8 E2 24 F3 D6 D7 8A 7F 73 49 61 EE D8 63 EA
    01A0 | 52 EC 39 9C 58 AE 94 B7 33 E4 CB 0A FC 72 89 26
    01B0 | FB 2F 45 7D 4A B8 95 76 D8 06 74 89 E3 23 DF 87
    01C0 | 02 DE C6 EF A2 EA F1 D8 55 48 74 8D 2D FA 62 92
    01D0 | 59 20 56 30 76 F1 43 D8 AE 85 2B CA E6 15 53 37
    01E0 | 1B ED A5 80 FE BD 95 2A C7 C7 C1 AF BB 3F 15 93
    01F0 | 4C E8 15 71 6C 6C 36 2F 93 82 BE 91 DC 6F 96 4E
    0200 | 97 C1 A3 08 D6 3F C1 E4 DF B2 B8 39 5A 3E 7B 9A
    0210 | 99 6C 2D D3 08 64 88 EB 28 13 01 BE EC 1E CE DD
    0220 | 00 29 6D 76 AC 7E F7 B7 86 EA 82 F0 FA 78 96 DB
    0230 | 61 70 46 6A`),
  /** server_time 6170466A = 1783001185: the clock the replay runs at. */
  serverTime: 1783001185,
  // 7) b, g_b, client_DH_inner_data
  b: hex(
    '96E8D3D298D05AA574B92495F566D0C71C2CA5E1A1FCB18CEFF2408CC57F9E5D5EBD18F3DAFB5FA3DA41F6A73ADB14CF36642882D403A39FD640B9A3B4DEAD433DB0FFA55262EBC89A44324E6F3BEDEA1EB9CA19E465E1135B73497B8567ED842DFCC8F02EB2A8E4C8F923826CDF98D717FBF6F6D55313779163D40E3B18289A7BBCD9CC2B2280B888DCC36117E342D352BE67944CC9C723D928339877E7CB47917A582AB8DAB59A9BFFBEC88A21ECCAF93BAEF9AFB4EE3FB69FFF55A1D7EFAE03328C585E39750506D7C795E5737AFC3FF6CA79C7C205269A8BCB3F03D74DF36CE727E8E3D52663F208AE31B786EC852F1BA4C36EFEE2F8528AD1945E2C7ECF',
  ),
  gB: hex(
    '2EE7B6CC1343B2D39A1AAB034551C9912E5DEE8047C6C62FFBD42B5E1894CFCB79EFEF794135A9FAA3F32C88D5D6D19F75289A5362984AC02A53A4E49E78C07E78C35FF505BC707F7F64E9AAA4BFBD0DBB11E3CACE330048C629DB154463731A2833E11130328EDE8C1230B246D1D999A0336CAC5B32BE5780253DE10BAA6513A5A079F2B9D6A59DB7799E97915F556C89407617BE822C7F65532C8E37792442EDD83793940F5606BC1994B4964ED3458C9AD513977F217699D32368315C7BB07D99C9EE77DE069E62E4A4DFDB16F4F911AA1AEF7373A2F49185501BE684A777772BFC4BD99E38FA51014A3E059543BDCF213977FE913E8A3D881C2EB5523B04',
  ),
  clientDhInnerData: hex(
    '54B6436651A1143FC7A3666BE4BE54D6890A02DC63248F6748214EAB8A2F4CC876E119740000000000000000FE0001002EE7B6CC1343B2D39A1AAB034551C9912E5DEE8047C6C62FFBD42B5E1894CFCB79EFEF794135A9FAA3F32C88D5D6D19F75289A5362984AC02A53A4E49E78C07E78C35FF505BC707F7F64E9AAA4BFBD0DBB11E3CACE330048C629DB154463731A2833E11130328EDE8C1230B246D1D999A0336CAC5B32BE5780253DE10BAA6513A5A079F2B9D6A59DB7799E97915F556C89407617BE822C7F65532C8E37792442EDD83793940F5606BC1994B4964ED3458C9AD513977F217699D32368315C7BB07D99C9EE77DE069E62E4A4DFDB16F4F911AA1AEF7373A2F49185501BE684A777772BFC4BD99E38FA51014A3E059543BDCF213977FE913E8A3D881C2EB5523B04',
  ),
  padding: hex('A813B31F76CD0D537283454A'),
  clientEncryptedData: hex(
    '136CA7E1F58C243372404792D3519F815AA6EC5E0324B2B11D89197CE5FFCDC2E53C5444A399E9C2111C143D1DFDA34932FC5F290EF51E28BE6AD31F68FB6CE9A8273EAD64262D78A5E132E5789E2620CD9C6E4C0A259E8B154FB07BA4725E9F883D2FA8EC59CAA7F683586CC35C3231B2023675C2759CB4194F6BBBC46EA47827CF2B07242357B6FC300EF086AF41D98E06C4DE2FCC41CD9216AF01D30A0DBA421D928D1D7386ECA1D18CA6772466169173425C272A22D78D9E55BEA4DB25EB9BD32D31115563AE2BFCD0374CEAEF3E42661F9059228BFCA3DF79F2E77C4AA5CBCF03963783CE0D6257399F7A4DD644BF1E57F19A9DF46172ECED9610C4F6A5A57FA4D08173732B1BA95B992B8B633A474A9D8FD18BDC673077178C5C20506FD226399C1F87D022C5C395428D92B8E4E39218EA68D3D6E010BBFFE839F8D124C5C458BCDF8FE5F25190F97C0C46C206',
  ),
  // 7.2) set_client_DH_params query
  setClientDhParamsFrame: dump(`
    0000 | 00 00 00 00 00 00 00 00 E0 73 0E 00 61 70 46 6A
    0010 | 78 01 00 00 1F 5F 04 F5 51 A1 14 3F C7 A3 66 6B
    0020 | E4 BE 54 D6 89 0A 02 DC 63 24 8F 67 48 21 4E AB
    0030 | 8A 2F 4C C8 76 E1 19 74 FE 50 01 00 13 6C A7 E1
    0040 | F5 8C 24 33 72 40 47 92 D3 51 9F 81 5A A6 EC 5E
    0050 | 03 24 B2 B1 1D 89 19 7C E5 FF CD C2 E5 3C 54 44
    0060 | A3 99 E9 C2 11 1C 14 3D 1D FD A3 49 32 FC 5F 29
    0070 | 0E F5 1E 28 BE 6A D3 1F 68 FB 6C E9 A8 27 3E AD
    0080 | 64 26 2D 78 A5 E1 32 E5 78 9E 26 20 CD 9C 6E 4C
    0090 | 0A 25 9E 8B 15 4F B0 7B A4 72 5E 9F 88 3D 2F A8
    00A0 | EC 59 CA A7 F6 83 58 6C C3 5C 32 31 B2 02 36 75
    00B0 | C2 75 9C B4 19 4F 6B BB C4 6E A4 78 27 CF 2B 07
    00C0 | 24 23 57 B6 FC 30 0E F0 86 AF 41 D9 8E 06 C4 DE
    00D0 | 2F CC 41 CD 92 16 AF 01 D3 0A 0D BA 42 1D 92 8D
    00E0 | 1D 73 86 EC A1 D1 8C A6 77 24 66 16 91 73 42 5C
    00F0 | 27 2A 22 D7 8D 9E 55 BE A4 DB 25 EB 9B D3 2D 31
    0100 | 11 55 63 AE 2B FC D0 37 4C EA EF 3E 42 66 1F 90
    0110 | 59 22 8B FC A3 DF 79 F2 E7 7C 4A A5 CB CF 03 96
    0120 | 37 83 CE 0D 62 57 39 9F 7A 4D D6 44 BF 1E 57 F1
    0130 | 9A 9D F4 61 72 EC ED 96 10 C4 F6 A5 A5 7F A4 D0
    0140 | 81 73 73 2B 1B A9 5B 99 2B 8B 63 3A 47 4A 9D 8F
    0150 | D1 8B DC 67 30 77 17 8C 5C 20 50 6F D2 26 39 9C
    0160 | 1F 87 D0 22 C5 C3 95 42 8D 92 B8 E4 E3 92 18 EA
    0170 | 68 D3 D6 E0 10 BB FF E8 39 F8 D1 24 C5 C4 58 BC
    0180 | DF 8F E5 F2 51 90 F9 7C 0C 46 C2 06`),
  // 8) Auth key generation
  authKey: hex(
    '8E1081A1B5CA1B399A9A9D7E08BB9A9182AB634F8C03F2A49F944E2F944A9C71EDBA61A32A70D3DADEB33752AE515B16B2D8E75039C40EBE18136775C3727372A8DF486606D671FD63842DF0A44ACC31E68B7B1EC6A731A1DC5C748F0CB46AC00FDE363F0520B51D9B59EAE519EA511A8E8591FC7010DF0B07CDBAB04013DD85172CB54555DC5C982EA0A5DCF4411E798D338B823161FD8C93100B7A426186B4C16F9113521081C8D2075872F4A0CF238034843DC01F2C26828721A2E2FFD93A9B0142B8DF6355C43D9AEF5B448F1CC0D84E0E72A7FF494D4CC3B1650050DDEC5DC321ADA68E420F45098280CEAB58A1CBFAA60FFF3218E56B4741143AC5A6F0',
  ),
  // 9) Final server reply
  dhGenOkFrame: dump(`
    0000 | 00 00 00 00 00 00 00 00 01 A4 4A EF 62 70 46 6A
    0010 | 34 00 00 00 34 F7 CB 3B 51 A1 14 3F C7 A3 66 6B
    0020 | E4 BE 54 D6 89 0A 02 DC 63 24 8F 67 48 21 4E AB
    0030 | 8A 2F 4C C8 76 E1 19 74 AA 40 4B 58 DF 40 4D 8F
    0040 | 36 37 72 B1 4C E5 A5 6F`),
  newNonceHash1: hex('AA404B58DF404D8F363772B14CE5A56F'),
};

/** The page's message ids: the driver's to make, so the replay passes them to the plain framing as given. */
const msgIdOf = (frame: Uint8Array) => unpackPlain(frame).msgId;

/** The page's clock: local time = server_time, so time_offset is 0. */
const NOW = PAGE.serverTime * 1000;

const OPTIONS: ClientHandshakeOptions = { publicKeys: [TELEGRAM_KEY], dcId: 2 };

/**
 * Random bytes as the page drew them, in order; asserts each draw has the
 * page's length. RSA_PAD's temp_key (not on the page) gets fixed filler.
 */
function pageRandom(values: Uint8Array[]) {
  const queue = [...values];
  const drawn: number[] = [];
  const source = (n: number): Uint8Array => {
    drawn.push(n);
    if (queue.length > 0 && queue[0].length === n) return queue.shift()!;
    if (n === 32) return sha256(Uint8Array.of(drawn.length)); // a temp_key
    throw new Error(`unexpected draw of ${n} bytes (next page value has ${queue[0]?.length})`);
  };
  return Object.assign(source, { drawn, left: () => queue.length });
}

const afterResPq = () => {
  const { state } = startHandshake(pageRandom([PAGE.nonce]));
  const res = decode(unpackPlain(PAGE.resPqFrame, 'server').body);
  return { state, res };
};

describe('protocol/mtproto: the handshake replays core.telegram.org/mtproto/samples-auth_key', () => {
  it('the page is self-consistent: its frames carry the values it lists', () => {
    expect(PAGE.pqInnerData.length + PAGE.randomPaddingBytes.length).to.equal(192);
    expect(PAGE.reqDhParamsFrame.subarray(84)).to.deep.equal(PAGE.rsaEncryptedData);
    expect(PAGE.setClientDhParamsFrame.subarray(60)).to.deep.equal(PAGE.clientEncryptedData);
    expect(PAGE.answerWithHash.subarray(20, 20 + PAGE.serverDhInnerData.length)).to.deep.equal(PAGE.serverDhInnerData);
    expect(PAGE.clientDhInnerData.subarray(44, 48)).to.deep.equal(hex('FE000100'));
    expect(PAGE.clientDhInnerData.subarray(48)).to.deep.equal(PAGE.gB);
    expect(PAGE.pq).to.equal(PAGE.p * PAGE.q);
  });

  it('our copy of the production key has the page fingerprint 85FD64DE851D9DD0', () => {
    const f = rsaFingerprint(TELEGRAM_KEY);
    const le = new Uint8Array(8);
    new DataView(le.buffer).setBigInt64(0, f, true);
    expect(toHex(le)).to.equal('85FD64DE851D9DD0');
  });

  it('1) req_pq_multi, byte for byte', () => {
    const { request } = startHandshake(pageRandom([PAGE.nonce]));
    expect(packPlain(msgIdOf(PAGE.reqPqFrame), encode(request))).to.deep.equal(PAGE.reqPqFrame);
  });

  it('2) resPQ decodes, and re-encodes to the page bytes', () => {
    const { res } = afterResPq();
    expect(res).to.deep.include({ _: 'resPQ', nonce: PAGE.nonce, serverNonce: PAGE.serverNonce });
    expect(bytesToBigint((res as { pq: Uint8Array }).pq)).to.equal(PAGE.pq);
    expect(packPlain(msgIdOf(PAGE.resPqFrame), encode(res))).to.deep.equal(PAGE.resPqFrame);
  });

  it('3-5) req_DH_params: every byte but the RSA ciphertext (RSA_PAD temp_key is not on the page)', () => {
    const { state, res } = afterResPq();
    const random = pageRandom([PAGE.newNonce, PAGE.randomPaddingBytes]);
    const step = handshakeStep(OPTIONS, state, res, random, NOW);
    if (step.kind !== 'request') throw new Error('expected a request');
    expect(random.left()).to.equal(0);
    // new_nonce, the 92 bytes of random_padding_bytes, then RSA_PAD's temp_key (once, or again if >= modulus)
    expect(random.drawn.slice(0, 3)).to.deep.equal([32, 92, 32]);
    expect(step.request).to.deep.include({ _: 'req_DH_params', p: hex('6A794259'), q: hex('7012C543') });
    const frame = packPlain(msgIdOf(PAGE.reqDhParamsFrame), encode(step.request));
    expect(frame.length).to.equal(PAGE.reqDhParamsFrame.length);
    // auth_key_id, msg_id, length, constructor, nonce, server_nonce, p, q, fingerprint, encrypted_data's length prefix
    expect(toHex(frame.subarray(0, 84))).to.equal(toHex(PAGE.reqDhParamsFrame.subarray(0, 84)));
    expect(bytesToBigint(frame.subarray(84)) < modulusOf(TELEGRAM_KEY)).to.equal(true);
  });

  it("4) what goes into RSA_PAD is the page's p_q_inner_data_dc + random_padding_bytes, byte for byte", () => {
    // The same step against a key of our own (offered in resPQ beside the page's), opened with its private half.
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const { state, res } = afterResPq();
    const offered = { ...(res as { serverPublicKeyFingerprints: bigint[] }), serverPublicKeyFingerprints: [rsaFingerprint(publicKey)] };
    const random = pageRandom([PAGE.newNonce, PAGE.randomPaddingBytes]);
    const step = handshakeStep({ ...OPTIONS, publicKeys: [publicKey] }, state, offered as typeof res, random, NOW);
    if (step.kind !== 'request') throw new Error('expected a request');
    const dataWithPadding = rsaPadDecrypt((step.request as { encryptedData: Uint8Array }).encryptedData, privateKey);
    expect(toHex(dataWithPadding)).to.equal(toHex(PAGE.pqInnerData) + toHex(PAGE.randomPaddingBytes));
  });

  it('6) server_DH_params_ok: tmp_aes_key/iv, answer_with_hash and the DH parameters as the page shows them', () => {
    expect(tmpAesKeyIv(PAGE.newNonce, PAGE.serverNonce)).to.deep.equal({ key: PAGE.tmpAesKey, iv: PAGE.tmpAesIv });
    const ok = decode(unpackPlain(PAGE.serverDhParamsFrame, 'server').body) as { _: string; encryptedAnswer: Uint8Array };
    expect(ok._).to.equal('server_DH_params_ok');
    expect(toHex(igeDecrypt(ok.encryptedAnswer, PAGE.tmpAesKey, PAGE.tmpAesIv))).to.equal(toHex(PAGE.answerWithHash));
    // The server's side of it: our encryptWithHash, given the page's padding, makes the page's encrypted_answer.
    const padding = PAGE.answerWithHash.subarray(20 + PAGE.serverDhInnerData.length);
    const again = encryptWithHash(decode(PAGE.serverDhInnerData), PAGE.tmpAesKey, PAGE.tmpAesIv, pageRandom([padding]));
    expect(toHex(again)).to.equal(toHex(ok.encryptedAnswer));
  });

  it('7) set_client_DH_params, byte for byte, with the page b and padding; g_b and auth_key as the page shows them', () => {
    const dhState = stateAfterDhParams();
    if (dhState.step !== 'dh-gen') throw new Error('expected the dh-gen state');
    expect(dhState.tmpAesKey).to.deep.equal(PAGE.tmpAesKey);
    expect(dhState.tmpAesIv).to.deep.equal(PAGE.tmpAesIv);
    expect(dhState.timeOffset).to.equal(0);
    expect(dhState.g).to.equal(3);
    expect(dhState.dhPrime).to.equal(TELEGRAM_DH_PRIME);
    expect(toHex(bigintToBytes(dhState.gA, 256))).to.equal(toHex(PAGE.serverDhInnerData.subarray(304, 560)));
    expect(toHex(dhState.authKey)).to.equal(toHex(PAGE.authKey));
    expect(dhState.authKeyAuxHash).to.deep.equal(Uint8Array.from(createHash('sha1').update(PAGE.authKey).digest().subarray(0, 8)));
    expect(dhState.authKeyAuxHash).to.deep.equal(authKeyAuxHash(PAGE.authKey));
  });

  it('8-9) dh_gen_ok: new_nonce_hash1 checks out; auth_key, server_salt, time offset', () => {
    const dhState = stateAfterDhParams();
    const dhGenOk = decode(unpackPlain(PAGE.dhGenOkFrame, 'server').body);
    expect(dhGenOk).to.deep.include({ _: 'dh_gen_ok', newNonceHash1: PAGE.newNonceHash1 });
    const done = handshakeStep(OPTIONS, dhState, dhGenOk, pageRandom([]), NOW);
    if (done.kind !== 'done') throw new Error('expected the result');
    expect(toHex(done.result.authKey)).to.equal(toHex(PAGE.authKey));
    // server_salt = BF8CB5BD9C5B4FE7 XOR 63248F6748214EAB = DCA83ADAD47A014C, read as a little-endian long
    expect(done.result.serverSalt).to.equal(0x4c017ad4da3aa8dcn);
    expect(done.result.timeOffset).to.equal(0);
    const sha = createHash('sha1').update(PAGE.authKey).digest();
    expect(done.result.authKeyId).to.equal(sha.readBigInt64LE(12));
    expect(done.result.dcId).to.equal(2);
  });

  it('the whole exchange through ClientHandshake, with the page clock, randomness and answers', () => {
    const random = pageRandom([PAGE.nonce, PAGE.newNonce, PAGE.randomPaddingBytes, PAGE.b, PAGE.padding]);
    const hs = new ClientHandshake({ ...OPTIONS, random, now: () => NOW + 400 });
    expect(packPlain(msgIdOf(PAGE.reqPqFrame), encode(hs.start()))).to.deep.equal(PAGE.reqPqFrame);
    const s2 = hs.step(decode(unpackPlain(PAGE.resPqFrame, 'server').body));
    if (s2.kind !== 'request') throw new Error('expected req_DH_params');
    expect(toHex(encode(s2.request).subarray(0, 64))).to.equal(toHex(PAGE.reqDhParamsFrame.subarray(20, 84)));
    const s3 = hs.step(decode(unpackPlain(PAGE.serverDhParamsFrame, 'server').body));
    if (s3.kind !== 'request') throw new Error('expected set_client_DH_params');
    expect(toHex(packPlain(msgIdOf(PAGE.setClientDhParamsFrame), encode(s3.request)))).to.equal(toHex(PAGE.setClientDhParamsFrame));
    const s4 = hs.step(decode(unpackPlain(PAGE.dhGenOkFrame, 'server').body));
    if (s4.kind !== 'done') throw new Error('expected the result');
    expect(s4.result).to.deep.include({ serverSalt: 0x4c017ad4da3aa8dcn, timeOffset: 0 });
    expect(toHex(s4.result.authKey)).to.equal(toHex(PAGE.authKey));
    expect(random.left()).to.equal(0);
    expect(hs.finished).to.equal(true);
  });
});

/** The client state after the page's server_DH_params_ok, with the page's b and padding; checks the request on the way. */
function stateAfterDhParams(): ClientHandshakeState {
  const nonces = { nonce: PAGE.nonce, serverNonce: PAGE.serverNonce, newNonce: PAGE.newNonce };
  const ok = decode(unpackPlain(PAGE.serverDhParamsFrame, 'server').body);
  const random = pageRandom([PAGE.b, PAGE.padding]);
  const step = handshakeStep(OPTIONS, { step: 'server-dh-params', ...nonces }, ok, random, NOW);
  if (step.kind !== 'request') throw new Error('expected a request');
  expect(random.drawn).to.deep.equal([256, 12]);
  const frame = packPlain(msgIdOf(PAGE.setClientDhParamsFrame), encode(step.request));
  expect(toHex(frame)).to.equal(toHex(PAGE.setClientDhParamsFrame));
  const plain = igeDecrypt((step.request as { encryptedData: Uint8Array }).encryptedData, PAGE.tmpAesKey, PAGE.tmpAesIv);
  expect(toHex(plain.subarray(20, 20 + PAGE.clientDhInnerData.length))).to.equal(toHex(PAGE.clientDhInnerData));
  expect(toHex(plain.subarray(20 + PAGE.clientDhInnerData.length))).to.equal(toHex(PAGE.padding));
  return step.state;
}

/** The modulus of an RSA public key, as a bigint. */
function modulusOf(pem: string): bigint {
  const { n } = createPublicKey(pem).export({ format: 'jwk' }) as { n: string };
  return bytesToBigint(Buffer.from(n, 'base64url'));
}
