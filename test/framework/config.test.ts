import 'reflect-metadata';
import { expect } from 'chai';
import { IsString, MinLength } from 'class-validator';
import { BotConfig, validateConfig } from '../../src/framework/config/index.js';
import { ConfigError } from '../../src/framework/errors.js';
import { LayerBot } from '../../src/framework/bot/index.js';

const good = { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef', botToken: '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1' };

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return e as ConfigError;
  }
  return expect.fail('no ConfigError');
}

class MyConfig extends BotConfig {
  @IsString()
  @MinLength(3)
  adminName!: string;
}

describe('framework/config', () => {
  it('accepts a good config, as a plain object or an instance', () => {
    expect(validateConfig(good)).to.be.instanceOf(BotConfig);
    const mine = Object.assign(new MyConfig(), good, { adminName: 'root' });
    expect(validateConfig(mine)).to.equal(mine);
  });

  it('a missing API id fails with the field and the fix', () => {
    const e = configError(() => validateConfig({ ...good, apiId: undefined }));
    expect(e.field).to.equal('apiId');
    expect(e.message).to.match(/^config\.apiId: .*it is missing.*Fix: set apiId to the number "App api_id" shown at https:\/\/my\.telegram\.org\/apps/);
  });

  it('a malformed API id, hash or token: each named, with its fix', () => {
    const e = configError(() => validateConfig({ apiId: 'abc', apiHash: 'has space', botToken: 'nonsense' }));
    expect(e.problems.map((p) => p.field)).to.deep.equal(['apiId', 'apiHash', 'botToken']);
    expect(e.message).to.include('config.apiHash: apiHash must not contain spaces (got "has space")');
    expect(e.message).to.include('config.botToken: botToken must look like 123456:ABC-DEF...');
    expect(e.message).to.include('@BotFather');
  });

  it("validates the user's own fields", () => {
    const e = configError(() => validateConfig(Object.assign(new MyConfig(), good, { adminName: 'x' })));
    expect(e.problems[0].field).to.equal('adminName');
  });

  it('LayerBot.create fails fast on a bad config, and without DCs to connect to', () => {
    expect(configError(() => LayerBot.create({ config: { ...good, apiHash: '' }, client: { dcs: [{ id: 1, host: '127.0.0.1', port: 1 }], rsaKeys: [] } })).field).to.equal('apiHash');
    expect(configError(() => LayerBot.create({ config: good })).field).to.equal('client.dcs');
    expect(configError(() => LayerBot.create({ config: null as never })).field).to.equal('(config)');
  });
});
