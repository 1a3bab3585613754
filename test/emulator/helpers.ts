import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { TlObject, tl } from '../../src/schema/index.js';
import { DcLink } from '../../src/protocol/client/dc-link.js';
import { Client } from '../../src/protocol/client/client.js';
import type { ClientOptions } from '../../src/protocol/client/options.js';
import { RpcError } from '../../src/protocol/mtproto/errors.js';
import type { Emulator } from '../../src/emulator/index.js';

export const API = { apiId: 1, apiHash: 'emulator' } as const;

/**
 * One DC, spoken to without the Client's policies: no migrations followed,
 * no flood waits slept, so a test sees exactly what the emulator answered;
 * and every pushed update is kept.
 */
export interface RawLink {
  dcId: number;
  invoke<R extends tl.AnyRequest>(request: R): Promise<tl.ResultOf<R>>;
  /** The updates the server pushed, in order. */
  updates: tl.TypeUpdates[];
  close(): void;
}

/** A fake clock the emulator and its clients share: tests move it forward instead of waiting. */
export class TestClock {
  skewMs = 0;
  readonly now = () => Date.now() + this.skewMs;
  advance(seconds: number): void {
    this.skewMs += seconds * 1000;
  }
}

/** Opens connections and remembers them, so afterEach closes whatever a test opened. */
export class Links {
  private readonly open: { close(): unknown }[] = [];

  constructor(
    private readonly emulator: () => Emulator,
    private readonly now?: () => number,
  ) {}

  /** A fresh auth key on `dcId`, with initConnection sent. */
  async raw(dcId: number): Promise<RawLink> {
    const emulator = this.emulator();
    const updates: tl.TypeUpdates[] = [];
    const link = new DcLink({
      dc: emulator.dcs.find((d) => d.id === dcId)!,
      transport: 'intermediate',
      obfuscated: false,
      publicKeys: [emulator.publicKeyPem],
      now: this.now ?? Date.now,
      random: (n) => randomBytes(n),
      requestTimeout: 10_000,
      reconnectDelay: { initial: 20, max: 200 },
      onEvent: (e) => {
        if (e.kind === 'updates') updates.push(e.updates);
      },
    });
    this.open.push(link);
    await link.ready();
    await link.invoke({
      _: 'invokeWithLayer',
      layer: 224,
      query: {
        _: 'initConnection',
        apiId: API.apiId,
        deviceModel: 'test device',
        systemVersion: 'test os',
        appVersion: '9.9',
        systemLangCode: 'en',
        langPack: '',
        langCode: 'en',
        query: { _: 'help.getConfig' },
      },
    });
    const invoke = ((request: TlObject) => link.invoke(request)) as unknown as RawLink['invoke'];
    return {
      dcId,
      invoke,
      updates,
      close: () => link.close(),
    };
  }

  /** Our real Client, home on `dcId`, connected; its updates engine off unless asked. */
  async client(dcId: number, options: Partial<ClientOptions> = {}): Promise<Client> {
    const client = new Client({ ...this.emulator().clientOptions(), ...API, dcId, updates: false, reconnectDelay: { initial: 20, max: 200 }, now: this.now, ...options });
    this.open.push(client);
    await client.connect();
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.close()));
  }
}

/** The RpcError a call fails with (the test fails if it succeeds or fails otherwise). */
export async function rpcError(call: Promise<unknown>): Promise<RpcError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('value' in outcome) expect.fail(`expected an rpc_error, got ${JSON.stringify(outcome.value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  expect(outcome.error).to.be.instanceOf(RpcError);
  return outcome.error as RpcError;
}

/** Expects the call to fail with exactly this code and message. */
export async function expectRpcError(call: Promise<unknown>, code: number, message: string): Promise<RpcError> {
  const e = await rpcError(call);
  expect({ code: e.code, message: e.errorMessage }).to.deep.equal({ code, message });
  return e;
}

/** Waits (briefly, on real time) until `check` holds: for pushes, which arrive on their own. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

let phoneCounter = 0;
/** A phone number no other test uses (Telegram's test range 99966…). */
export function freshPhone(): string {
  return `+99966${String(process.pid % 1000).padStart(3, '0')}${String(phoneCounter++).padStart(4, '0')}`;
}

/** The auth.sendCode request for `phone`. */
export function sendCodeRequest(phone: string): tl.auth.SendCodeRequest {
  return { _: 'auth.sendCode', phoneNumber: phone, ...API, settings: { _: 'codeSettings' } };
}
