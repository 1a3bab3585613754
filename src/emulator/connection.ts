import type { Socket } from 'node:net';
import { decode, encode } from '../schema/index.js';
import { TransportAcceptor, trimMtprotoPadding, type TransportCodec } from '../protocol/transport/index.js';
import { open } from '../protocol/mtproto/envelope.js';
import { packPlain, unpackPlain } from '../protocol/mtproto/plain.js';
import { MsgIdClock } from '../protocol/mtproto/msg-id.js';
import type { EmulatorCore } from './emulator.js';
import type { AuthKeyState } from './auth-keys.js';
import type { ServerSession } from './mtproto/server-session.js';

const AUTH_KEY_NOT_FOUND = -404;

/**
 * One client TCP connection to one DC: detects the transport from the first
 * bytes, runs the handshake for plain messages, and routes encrypted ones to
 * their session by auth_key_id and session_id. Any bad input closes it.
 */
export class ServerConnection {
  private readonly acceptor: TransportAcceptor;
  private codec: TransportCodec | undefined;
  private handshake: ReturnType<EmulatorCore['newHandshake']> | undefined;
  private readonly plainClock: MsgIdClock;
  private readonly bound = new Set<ServerSession>();
  private disconnectTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly core: EmulatorCore,
    readonly dcId: number,
  ) {
    this.acceptor = new TransportAcceptor({ random: core.random });
    this.plainClock = new MsgIdClock(core.now);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.close(false, false));
    socket.on('close', () => this.close(false, false));
  }

  private onData(chunk: Uint8Array): void {
    if (this.closed) return;
    try {
      if (!this.codec) {
        this.codec = this.acceptor.push(chunk);
        if (!this.codec) return;
      } else {
        this.codec.push(chunk);
      }
      for (const frame of this.codec) {
        if (this.closed) return;
        if (frame.kind === 'payload') this.onPayload(this.codec.transport === 'padded' ? trimMtprotoPadding(frame.payload) : frame.payload);
      }
    } catch (error) {
      this.core.log('connection', `dc${this.dcId}: closing after bad input: ${(error as Error).message}`);
      this.close();
    }
  }

  private onPayload(payload: Uint8Array): void {
    const keyId = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getBigInt64(0, true);
    if (keyId === 0n) return this.onPlain(payload);
    const key = this.core.authKeys.get(keyId);
    if (!key) {
      const code = new Uint8Array(4);
      new DataView(code.buffer).setInt32(0, AUTH_KEY_NOT_FOUND, true);
      this.send(code);
      this.close(true);
      return;
    }
    this.onEncrypted(key, payload);
  }

  private onPlain(payload: Uint8Array): void {
    const { body } = unpackPlain(payload, 'client');
    this.handshake ??= this.core.newHandshake(this.dcId);
    const step = this.handshake.receive(decode(body));
    this.send(packPlain(this.plainClock.next(1), encode(step.answer)));
    if (step.kind === 'done') {
      this.core.registerAuthKey(step.result.authKey, this.dcId, step.result.serverSalt);
      this.handshake = undefined;
    } else if (step.kind === 'failed') {
      this.core.log('handshake', `dc${this.dcId}: ${step.error.message}`);
      this.close(true);
    }
  }

  private onEncrypted(key: AuthKeyState, payload: Uint8Array): void {
    // The payload is this connection's own (a view of a received chunk, or gathered for this frame).
    const m = open(key.authKey, key.keyId, payload, true, true);
    const session = this.core.session(key, m.sessionId);
    this.core.bind(session, this);
    this.bound.add(session);
    for (const call of session.receive(m)) this.core.answer(key, session, call);
    this.flush(session);
  }

  /** Sends what a session has queued, and arms its ping_delay_disconnect timer. */
  flush(session: ServerSession): void {
    for (const frame of session.flushParts()) this.send(frame);
    if (session.disconnectAt !== undefined) {
      clearTimeout(this.disconnectTimer);
      this.disconnectTimer = setTimeout(() => this.close(), Math.max(0, session.disconnectAt - this.core.now()));
      this.disconnectTimer.unref();
      session.disconnectAt = undefined;
    }
  }

  /**
   * Frames and writes one payload, given whole or in pieces (a file part is
   * written as it was encrypted, uncopied, in one writev), through the delay and split knobs.
   */
  send(payload: Uint8Array | readonly Uint8Array[]): void {
    if (this.closed || !this.codec) return;
    const { delayMs, splitFrames } = this.core.faults;
    if (!delayMs && !splitFrames) {
      const pieces = this.codec.encodeParts(payload instanceof Uint8Array ? [payload] : payload);
      if (pieces.length === 1) return void this.socket.write(pieces[0]);
      this.socket.cork();
      for (const piece of pieces) this.socket.write(piece);
      this.socket.uncork();
      return;
    }
    const bytes = this.codec.encode(payload instanceof Uint8Array ? payload : Buffer.concat(payload));
    // Writes keep their order even when delayed or split.
    this.writing = this.writing.then(async () => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (!splitFrames) return void this.socket.write(bytes);
      for (let i = 0; i < bytes.length && !this.closed; i += 7) {
        this.socket.write(bytes.subarray(i, i + 7));
        await new Promise((r) => setImmediate(r));
      }
    });
  }

  /** `byServer`: the emulator decided to close (counted for tests), not the client or the network. */
  close(afterWrites = false, byServer = true): void {
    if (this.closed) return;
    this.closed = true;
    if (byServer) this.core.serverClosed++;
    clearTimeout(this.disconnectTimer);
    for (const s of this.bound) this.core.unbind(s, this);
    if (afterWrites) this.socket.end();
    else this.socket.destroy();
  }
}
