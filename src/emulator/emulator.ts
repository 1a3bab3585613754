import { createServer, type Server, type Socket } from 'node:net';
import { methodOf, type tl } from '../schema/index.js';
import { randomBytes, rsaFingerprint } from '../protocol/crypto/index.js';
import { keyIdBytes } from '../protocol/mtproto/envelope.js';
import { authKeyId } from '../protocol/crypto/index.js';
import { newRsaKey, type RsaKey } from './rsa-key.js';
import { ServerHandshake } from './mtproto/handshake.js';
import { ServerSession, type IncomingCall } from './mtproto/server-session.js';
import { ServerConnection } from './connection.js';
import { Faults } from './faults.js';
import { RpcFailure, type Answer, type CallContext } from './rpc/context.js';
import { dispatch } from './rpc/dispatch.js';
import type { AuthKeyState } from './auth-keys.js';
import { World } from './world/world.js';
import { normalizePhone } from './world/accounts.js';
import { UpdateFaults } from './world/update-faults.js';
import type { Activity } from './world/activity.js';
import { filesOf, type Files } from './world/files.js';
import { CDN_DC_ID, cdnRsaKey } from './cdn-dc.js';
import type { CreateBotOptions, CreateUserOptions, CreatedBot, CreatedUser, DcAddress, EmulatorClientOptions, EmulatorOptions } from './options.js';

let processKey: RsaKey | undefined;

/** The main DCs' key, made once per process (generating one takes a moment). */
function generatedKey(): RsaKey {
  return (processKey ??= newRsaKey());
}

/** The emulator's shared state: what every connection of every DC works on. */
export class EmulatorCore {
  readonly authKeys = new Map<bigint, AuthKeyState>();
  readonly faults: Faults;
  readonly now: () => number;
  readonly random: (n: number) => Uint8Array;
  dcs: DcAddress[] = [];
  readonly connections = new Set<ServerConnection>();
  private readonly sessionConnection = new Map<ServerSession, ServerConnection>();
  private readonly contexts = new Map<bigint, CallContext>();
  /** How many times each method ran: tests check a resent request ran once. */
  readonly calls = new Map<string, number>();
  serverClosed = 0;
  /** Accounts, logins and update state: what the RPC handlers work on. */
  readonly world: World;

  constructor(
    readonly rsa: RsaKey,
    options: EmulatorOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? randomBytes;
    this.faults = new Faults(
      (dcId) => {
        for (const c of this.connections) if (dcId === undefined || c.dcId === dcId) c.close();
      },
      () => {
        for (const key of this.authKeys.values()) key.salts = [this.randomLong()];
      },
      new UpdateFaults(options.updatesSeed ?? 1),
    );
    this.world = new World({
      now: this.now,
      random: this.random,
      dcIds: () => this.dcs.map((d) => d.id),
      deliver: (authKeyId, updates, sessionId, exceptSessionId) => this.deliver(authKeyId, updates, sessionId, exceptSessionId),
      sessionCount: (authKeyId) => this.authKeys.get(authKeyId)?.sessions.size ?? 0,
      updateFaults: this.faults.updates,
    });
    if (options.botAnswerTimeoutMs !== undefined) this.world.activity.bots.timeoutMs = options.botAnswerTimeoutMs;
  }

  log(_topic: string, _message: string): void {
    // Quiet by default; a test can replace this to watch the emulator.
  }

  newHandshake(dcId: number): ServerHandshake {
    return new ServerHandshake({
      dcId,
      // The CDN DC has a key of its own (help.getCdnConfig).
      privateKeys: [dcId === CDN_DC_ID ? cdnRsaKey().privateKeyPem : this.rsa.privateKeyPem],
      now: this.now,
      random: this.random,
      clockSkewSeconds: () => this.faults.clockSkewSeconds,
      authKeyIdInUse: (id) => this.authKeys.has(id),
    });
  }

  registerAuthKey(authKey: Uint8Array, dcId: number, salt: bigint): void {
    const id = authKeyId(authKey);
    this.authKeys.set(id, { authKey, id, keyId: keyIdBytes(authKey), dcId, salts: [salt], sessions: new Map() });
  }

  session(key: AuthKeyState, sessionId: bigint): ServerSession {
    let s = key.sessions.get(sessionId);
    if (!s) {
      s = new ServerSession({
        authKey: key.authKey,
        sessionId,
        now: this.now,
        random: this.random,
        salts: () => key.salts,
        clockSkewSeconds: () => this.faults.clockSkewSeconds,
      });
      s.dropIncoming = (method) => this.faults.takeDrop(method);
      key.sessions.set(sessionId, s);
    }
    return s;
  }

  /** A session answers over the connection that last carried one of its messages. */
  bind(session: ServerSession, connection: ServerConnection): void {
    this.sessionConnection.set(session, connection);
  }

  unbind(session: ServerSession, connection: ServerConnection): void {
    if (this.sessionConnection.get(session) === connection) this.sessionConnection.delete(session);
  }

  answer(key: AuthKeyState, session: ServerSession, call: IncomingCall): void {
    const id = key.id;
    const ctx = this.contexts.get(id) ?? { dcId: key.dcId, dcs: this.dcs, now: this.now, authKeyId: id, sessionId: session.sessionId, world: this.world, login: this.world.authorizations.key(id, key.dcId) };
    this.contexts.set(id, ctx);
    ctx.sessionId = session.sessionId;
    const method = methodOf(call.request);
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const failure = this.faults.takeFailure(method);
    if (failure) return session.replyError(call.msgId, failure.code, failure.message);
    let result: Answer | Promise<Answer>;
    try {
      result = dispatch(ctx, call.request);
      if (!(result instanceof Promise)) return this.replyAnswer(session, call.msgId, result);
    } catch (e) {
      return this.replyFailure(session, call.msgId, e);
    }
    // An answer that waits (for a bot): sent when it comes, over the connection the session uses then.
    result
      .then((answer) => this.replyAnswer(session, call.msgId, answer))
      .catch((e: unknown) => this.replyFailure(session, call.msgId, e))
      .then(() => this.sessionConnection.get(session)?.flush(session))
      .catch((e: unknown) => this.log('rpc', `could not send a late answer: ${String(e)}`));
  }

  private replyAnswer(session: ServerSession, msgId: bigint, answer: Answer): void {
    if (answer instanceof Uint8Array) session.replyRaw(msgId, answer);
    else session.reply(msgId, answer);
  }

  private replyFailure(session: ServerSession, msgId: bigint, e: unknown): void {
    if (e instanceof RpcFailure) session.replyError(msgId, e.code, e.errorMessage);
    else {
      this.log('rpc', `internal error: ${(e as Error)?.stack ?? String(e)}`);
      session.replyError(msgId, 500, 'INTERNAL');
    }
  }

  /** Sends updates to an auth key's connected sessions (or one of them, or all but one: the session a call's answer covers). */
  deliver(authKeyId: bigint, updates: tl.TypeUpdates, sessionId?: bigint, exceptSessionId?: bigint): void {
    const key = this.authKeys.get(authKeyId);
    if (!key) return;
    for (const session of key.sessions.values()) {
      if (sessionId !== undefined && session.sessionId !== sessionId) continue;
      if (session.sessionId === exceptSessionId) continue;
      // Like Telegram, only connected sessions get pushes; the others catch up with getDifference.
      // (Queuing for them would grow without bound for clients that never come back.)
      const connection = this.sessionConnection.get(session);
      if (!connection) continue;
      session.push(updates);
      connection.flush(session);
    }
  }

  private randomLong(): bigint {
    return new DataView(Uint8Array.from(this.random(8)).buffer).getBigInt64(0, true);
  }
}

/** A running emulator: several DCs on 127.0.0.1, each a TCP server speaking MTProto. */
export class Emulator {
  readonly publicKeyPem: string;
  readonly fingerprint: bigint;

  constructor(
    private readonly core: EmulatorCore,
    private readonly servers: Server[],
  ) {
    this.publicKeyPem = core.rsa.publicKeyPem;
    this.fingerprint = core.rsa.fingerprint;
  }

  get dcs(): DcAddress[] {
    return this.core.dcs;
  }

  get faults(): Faults {
    return this.core.faults;
  }

  /**
   * Files: `put(owner, bytes, options?)` stores a document or photo,
   * `send({ from, to, bytes, ... })` posts one, `stored(fileId)` reads one
   * back; `expireReferences()` / `expireReferencesAfter(n)` make file
   * references stale (re-fetching the origin gives fresh ones); `cdn`
   * (`enabled`, `corruptPart`, `reuploadNeeded`) routes document downloads
   * through the CDN DC (203); `reset()`. See docs/emulator-files.md.
   */
  get files(): Files {
    return filesOf(this.core.world);
  }

  /** The DCs and RSA key a Client or LayerBot needs: spread into their options. */
  clientOptions(): EmulatorClientOptions {
    return { dcs: this.dcs.map((d) => ({ ...d })), rsaKeys: [{ pem: this.publicKeyPem, fingerprint: this.fingerprint }] };
  }

  /** How many times `method` has been executed (duplicates the server recognised are not counted). */
  callCount(method: string): number {
    return this.core.calls.get(method) ?? 0;
  }

  /** Open client connections, across DCs. */
  get connectionCount(): number {
    return this.core.connections.size;
  }

  /** Connections the server has closed so far (ping_delay_disconnect, bad input, fault knobs). */
  get serverClosedCount(): number {
    return this.core.serverClosed;
  }

  /** How many auth keys clients have created (a test can see a handshake happened). */
  get authKeyCount(): number {
    return this.core.authKeys.size;
  }

  /** A bot with its token (`<userId>:<35 characters>`), homed on `dcId` or on a DC picked from its username. */
  createBot(options: CreateBotOptions): CreatedBot {
    const bot = this.core.world.accounts.createBot(options);
    return { userId: bot.id, token: bot.botToken!, dcId: bot.dcId };
  }

  /** A user account, homed on `dcId` or on a DC picked from its phone number; `password` turns on 2FA. */
  createUser(options: CreateUserOptions): CreatedUser {
    const user = this.core.world.accounts.createUser(options);
    return { userId: user.id, dcId: user.dcId };
  }

  /**
   * What happens in the world, and the updates it makes: basic groups and
   * channels (`createChat`, `createChannel`), messages (`sendMessage`,
   * `editMessage`, `deleteMessages`), `botStopped`, `skipPts`, `batch` (one
   * `updatesCombined` per account), `forgetHistory`, and the logs'
   * `logLimit` / `differenceLimit`. Every event is recorded in the update logs
   * (updates.getDifference and getChannelDifference serve them) and pushed to
   * the sessions of the accounts it concerns through `faults.updates`.
   *
   * ```ts
   * const { channelId } = emulator.updates.createChannel({ creator: alice, title: 'news', members: [bot] });
   * emulator.faults.updates.drop = 0.05;                 // seeded: faults.updates.seed = 7
   * emulator.updates.sendMessage({ from: alice, to: { channel: channelId }, text: 'hi' });
   * emulator.faults.updates.next('channelTooLong');      // one-shot
   * ```
   */
  get updates(): Activity {
    return this.core.world.activity;
  }

  /** The login code auth.sendCode last sent to `phone` (any format), as the Telegram app would show it. */
  lastLoginCode(phone: string): string | undefined {
    const digits = normalizePhone(phone);
    return digits === undefined ? undefined : this.core.world.codes.lastCode(digits);
  }

  /**
   * Terminates every authorization of an account, as "terminate all sessions"
   * does: its auth keys answer 401 SESSION_REVOKED until they log in again.
   * Returns how many auth keys were logged out.
   */
  revokeAuthorization(userId: bigint): number {
    return this.core.world.authorizations.revoke(userId);
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    this.core.faults.updates.close();
    this.core.world.activity.close();
    for (const c of this.core.connections) c.close();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const rsa = options.rsaKey ? { ...options.rsaKey, fingerprint: rsaFingerprint(options.rsaKey.publicKeyPem) } : generatedKey();
  const core = new EmulatorCore(rsa, options);
  const servers: Server[] = [];
  const listen = async (id: number): Promise<DcAddress> => {
    const server = createServer((socket: Socket) => {
      // Pushes are small writes while earlier ones are unacknowledged: without this, Nagle holds them
      // until the client's delayed ACK (~40 ms on Linux), a floor under every reply time.
      socket.setNoDelay(true);
      const c = new ServerConnection(socket, core, id);
      core.connections.add(c);
      socket.on('close', () => core.connections.delete(c));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('emulator: no TCP address');
    servers.push(server);
    return { id, host, port: address.port };
  };
  for (let id = 1; id <= (options.dcCount ?? 3); id++) core.dcs.push(await listen(id));
  if (options.cdnDc !== false) {
    // Not one of `dcs` (no accounts live there): help.getConfig lists it with cdn: true.
    const cdn = filesOf(core.world).cdnFiles;
    cdn.publicKeyPem = cdnRsaKey().publicKeyPem;
    cdn.address = await listen(CDN_DC_ID);
  }
  return new Emulator(core, servers);
}
