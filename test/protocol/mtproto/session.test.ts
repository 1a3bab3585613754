import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { encode, type TlObject } from '../../../src/schema/index.js';
import { SecurityError } from '../../../src/protocol/errors.js';
import { keyIdBytes, open, seal } from '../../../src/protocol/mtproto/envelope.js';
import { BadMessageError, RpcError } from '../../../src/protocol/mtproto/errors.js';
import { MtprotoSession, type SessionEvent } from '../../../src/protocol/mtproto/session.js';
import { ServerSession, type IncomingCall } from '../../../src/emulator/mtproto/server-session.js';

/** The client session against the emulator's server session, in memory, on a clock the test moves. */
function pair(options: { clientOffset?: number; salt?: bigint } = {}) {
  let t = 1_750_000_000_000;
  const now = () => t;
  const random = (n: number) => randomBytes(n);
  const authKey = randomBytes(256);
  const keyId = keyIdBytes(authKey);
  const salts = [0x1122334455667788n];
  const client = new MtprotoSession({ authKey, now, random, salt: options.salt ?? salts[0], timeOffset: options.clientOffset ?? 0 });
  const server = new ServerSession({ authKey, sessionId: client.sessionId, now, random, salts: () => salts });
  const wire = {
    authKey,
    keyId,
    client,
    server,
    salts,
    advance: (ms: number) => (t += ms),
    now,
    /** Client frames to the server: the calls they carry. */
    up(frames = client.flush()): IncomingCall[] {
      return frames.flatMap((f) => server.receive(open(authKey, keyId, f, true)));
    },
    /** Server frames to the client: the events they cause. */
    down(frames = server.flush()): SessionEvent[] {
      return frames.flatMap((f) => client.receive(f));
    },
    /** Serves calls with `answer` until the client has nothing more to send. */
    serve(answer: (c: IncomingCall) => TlObject): SessionEvent[] {
      const events: SessionEvent[] = [];
      for (let round = 0; round < 10; round++) {
        const calls = wire.up();
        for (const c of calls) server.reply(c.msgId, answer(c));
        events.push(...wire.down());
        if (client.pending === 0) break;
      }
      return events;
    },
  };
  return wire;
}

const nearest = { _: 'help.getNearestDc' } as const;
const nearestAnswer = { _: 'nearestDc', country: 'XX', thisDc: 2, nearestDc: 2 } as const;
const results = (events: SessionEvent[]) => events.filter((e) => e.kind === 'result');

describe('protocol/mtproto: the session against the emulator side', () => {
  it('frames in pieces are the whole frames; a frame opened in place reads the same, and tampering is still caught', () => {
    const w = pair();
    w.client.send({ _: 'help.getNearestDc' });
    w.client.send({ _: 'upload.saveFilePart', fileId: 1n, filePart: 0, bytes: randomBytes(4096) });
    const [pieces] = w.client.flushParts();
    expect(pieces.map((p) => p.length)[0]).to.equal(24);
    const frame = Buffer.concat(pieces);
    const calls = w.server.receive(open(w.authKey, w.keyId, frame.slice(), true, true));
    expect(calls.map((c) => c.request._)).to.deep.equal(['help.getNearestDc', 'upload.saveFilePart']);
    const tampered = frame.slice();
    tampered[tampered.length - 1] ^= 1;
    expect(() => open(w.authKey, w.keyId, tampered, true, true)).to.throw(SecurityError, /msg_key/);
  });

  it('a request and its typed result', () => {
    const w = pair();
    const id = w.client.send(nearest);
    const events = w.serve(() => nearestAnswer);
    expect(results(events)).to.deep.equal([{ kind: 'result', id, result: nearestAnswer }]);
    expect(w.client.pending).to.equal(0);
  });

  it('a client starting with salt 0 gets bad_server_salt, stores the salt and resends with a new msg_id', () => {
    const w = pair({ salt: 0n });
    const id = w.client.send(nearest);
    const first = w.client.flush();
    expect(w.up(first)).to.deep.equal([]); // refused for its salt
    w.down();
    expect(w.client.salt).to.equal(w.salts[0]);
    const calls = w.up();
    expect(calls).to.have.length(1);
    w.server.reply(calls[0].msgId, nearestAnswer);
    expect(results(w.down())).to.deep.equal([{ kind: 'result', id, result: nearestAnswer }]);
  });

  it('queued requests travel in one container, and each gets its own answer', () => {
    const w = pair();
    const ids = [w.client.send(nearest), w.client.send({ _: 'help.getConfig' }), w.client.send({ _: 'ping', pingId: 7n })];
    const frames = w.client.flush();
    expect(frames).to.have.length(1);
    const calls = w.up(frames);
    expect(calls.map((c) => c.request._)).to.deep.equal(['help.getNearestDc', 'help.getConfig']); // ping is answered by the server session itself
    w.server.reply(calls[0].msgId, nearestAnswer);
    w.server.replyError(calls[1].msgId, 420, 'FLOOD_WAIT_3');
    const events = w.down();
    const byId = new Map(events.filter((e) => 'id' in e).map((e) => [(e as { id: number }).id, e]));
    expect(byId.get(ids[0])).to.deep.equal({ kind: 'result', id: ids[0], result: nearestAnswer });
    const error = (byId.get(ids[1]) as unknown as { error: RpcError }).error;
    expect(error).to.be.instanceOf(RpcError);
    expect([error.code, error.errorMessage, error.method]).to.deep.equal([420, 'FLOOD_WAIT_3', 'help.getConfig']);
    expect((byId.get(ids[2]) as { result: { _: string; pingId: bigint } }).result).to.include({ _: 'pong', pingId: 7n });
  });

  it('acknowledges what the server sends: with the next request, or alone once the ack delay passes', () => {
    const w = pair();
    w.client.send(nearest);
    const [call] = w.up();
    w.server.reply(call.msgId, nearestAnswer);
    w.down();
    expect(w.client.flush(), 'acks wait for company or their deadline').to.deep.equal([]);
    const deadline = w.client.nextDeadline()!;
    expect(deadline).to.be.greaterThan(w.now());
    w.advance(deadline - w.now());
    const frames = w.client.flush();
    expect(frames).to.have.length(1);
    expect(w.up(frames)).to.deep.equal([]); // a lone msgs_ack calls nothing
    expect(w.client.nextDeadline()).to.equal(undefined);
  });

  it('a clock an hour ahead: bad_msg_notification 17, the offset is fixed from the server msg_id, the request resent', () => {
    const w = pair({ clientOffset: 3600 });
    const id = w.client.send(nearest);
    const events = w.serve(() => nearestAnswer);
    expect(results(events)).to.deep.equal([{ kind: 'result', id, result: nearestAnswer }]);
    expect(Math.abs(w.client.clock.offset)).to.be.lessThan(2);
  });

  it('a clock an hour behind: bad_msg_notification 16, fixed the same way', () => {
    const w = pair({ clientOffset: -3600 });
    const id = w.client.send(nearest);
    expect(results(w.serve(() => nearestAnswer))).to.deep.equal([{ kind: 'result', id, result: nearestAnswer }]);
  });

  it('bad_msg_notification codes the session cannot fix fail the request with a typed error', () => {
    const w = pair();
    const id = w.client.send(nearest);
    const [call] = w.up();
    w.server.push({ _: 'bad_msg_notification', badMsgId: call.msgId, badMsgSeqno: 1, errorCode: 64 }, false, 1);
    const [event] = w.down().filter((e) => e.kind === 'error');
    expect(event).to.include({ kind: 'error', id });
    expect((event as { error: Error }).error).to.be.instanceOf(BadMessageError).and.include({ code: 64, method: 'help.getNearestDc' });
  });

  it('a dropped connection: unacknowledged requests go again with the same msg_id, and the server answers once', () => {
    const w = pair();
    const id = w.client.send(nearest);
    const [call] = w.up(); // the server got it...
    w.server.reply(call.msgId, nearestAnswer);
    w.server.flush(); // ...but its answer is lost with the connection
    w.client.resendUnacknowledged();
    const again = w.up();
    expect(again, 'a duplicate msg_id is not executed again').to.deep.equal([]);
    expect(results(w.down())).to.deep.equal([{ kind: 'result', id, result: nearestAnswer }]);
  });

  it('a resend older than what the server remembers: bad_msg_notification 16, then answered under a new msg_id', () => {
    const w = pair();
    const id = w.client.send(nearest);
    const [call] = w.up();
    w.server.reply(call.msgId, nearestAnswer);
    w.server.flush(); // the answer is lost with the connection
    // The session goes on long enough for the server to forget that msg_id (it keeps the last few thousand).
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) w.client.send({ _: 'ping', pingId: BigInt(i * 100 + j) });
      w.up();
      w.down();
    }
    w.client.resendUnacknowledged();
    expect(w.up(), 'not run again under the forgotten msg_id').to.deep.equal([]);
    const notices = w.server.flush();
    expect(Buffer.concat(notices.map((f) => open(w.authKey, w.keyId, f, false).body)).readUInt32LE(0), 'bad_msg_notification').to.equal(0xa7eff811);
    w.down(notices); // the client takes the 16 and sends the request again
    const [again] = w.up();
    expect(again.request).to.deep.equal(nearest);
    expect(again.msgId > call.msgId, 'a new msg_id').to.equal(true);
    w.server.reply(again.msgId, nearestAnswer);
    expect(results(w.down())).to.deep.equal([{ kind: 'result', id, result: nearestAnswer }]);
  });

  it('rpc_result for a request nobody waits for, or a second copy, is ignored', () => {
    const w = pair();
    const id = w.client.send(nearest);
    const [call] = w.up();
    w.server.reply(call.msgId, nearestAnswer);
    w.server.reply(call.msgId, nearestAnswer);
    expect(results(w.down())).to.deep.equal([{ kind: 'result', id, result: nearestAnswer }]);
  });

  it('server-pushed updates come out as events; new_session_created too', () => {
    const w = pair();
    w.client.send(nearest);
    const [call] = w.up();
    w.server.reply(call.msgId, nearestAnswer);
    w.server.push({ _: 'updatesTooLong' });
    const events = w.down();
    expect(events.map((e) => e.kind)).to.include.members(['new-session', 'updates', 'result']);
    expect(events.find((e) => e.kind === 'updates')).to.deep.equal({ kind: 'updates', updates: { _: 'updatesTooLong' } });
  });

  it('large requests go gzip_packed and arrive intact; small ones and file parts do not', () => {
    const w = pair();
    const long = { _: 'messages.sendMessage', peer: { _: 'inputPeerSelf' }, message: 'layer '.repeat(500), randomId: 1n } as TlObject;
    w.client.send(long);
    const frames = w.client.flush();
    expect(frames[0].length, 'compressed on the wire').to.be.lessThan(encode(long).length);
    const [call] = w.up(frames);
    expect((call.request as { message: string }).message).to.equal('layer '.repeat(500));
  });

  it('answers the server: msgs_state_req gets msgs_state_info; msg_detailed_info for an unseen answer gets msg_resend_req', () => {
    const w = pair();
    w.client.send(nearest);
    const [call] = w.up();
    w.server.reply(call.msgId, nearestAnswer);
    w.down();
    w.server.push({ _: 'msgs_state_req', msgIds: [123n << 32n] });
    w.server.push({ _: 'msg_new_detailed_info', answerMsgId: 999n << 32n, bytes: 10, status: 0 });
    w.down();
    const frames = w.client.flush();
    const bodies = frames.map((f) => open(w.authKey, w.keyId, f, true));
    expect(bodies).to.have.length(1); // one container: acks, msgs_state_info, msg_resend_req
  });

  it('a request the server cannot decode (another layer, garbage) is answered with a 400, never left unanswered', () => {
    const w = pair();
    w.up(); // the session starts (new_session_created)
    w.down();
    const clientMsgId = (n: bigint) => ((BigInt(Math.floor(w.now() / 1000)) << 32n) & ~3n) + n * 4n;
    const frame = (msgId: bigint, body: Uint8Array) => seal(w.authKey, w.keyId, { salt: w.salts[0], sessionId: w.client.sessionId, msgId, seqNo: 1, body }, true, randomBytes);
    // An unknown method id, then a known method (messages.getMessages) holding an unknown constructor.
    const unknownMethod = Uint8Array.of(0x62, 0xf4, 0xf4, 0xfe, 0, 0, 0, 0);
    const badInner = encode({ _: 'messages.getMessages', id: [] });
    badInner.set([0x11, 0x22, 0x33, 0x44], 4); // the vector's id
    expect(w.up([frame(clientMsgId(1n), unknownMethod), frame(clientMsgId(2n), badInner)])).to.deep.equal([]);
    const sent = w.server.flush().flatMap((f) => {
      const m = open(w.authKey, w.keyId, f, false);
      return [m.body];
    });
    const text = Buffer.concat(sent).toString('latin1');
    expect(text).to.include('INPUT_METHOD_INVALID');
    expect(text).to.include('INPUT_CONSTRUCTOR_INVALID');
  });

  describe('every received message is checked, and a failure drops it without acting', () => {
    function serverFrame(w: ReturnType<typeof pair>, msgId: bigint, body: Uint8Array, sessionId = w.client.sessionId) {
      return seal(w.authKey, w.keyId, { salt: 0n, sessionId, msgId, seqNo: 1, body }, false, randomBytes);
    }
    const serverMsgId = (w: ReturnType<typeof pair>, parity = 1n) => ((BigInt(Math.floor(w.now() / 1000)) << 32n) & ~3n) | parity;

    it('a tampered frame: msg_key mismatch', () => {
      const w = pair();
      const frame = serverFrame(w, serverMsgId(w), encode({ _: 'updatesTooLong' }));
      frame[frame.length - 1] ^= 1;
      const [e] = w.client.receive(frame);
      expect(e.kind).to.equal('dropped');
      expect((e as { error: SecurityError }).error).to.be.instanceOf(SecurityError).and.include({ check: 'msg-key' });
    });

    it('another auth key, another session, a client-parity msg_id, a msg_id outside the time window', () => {
      const w = pair();
      const other = pair();
      const body = encode({ _: 'updatesTooLong' });
      const checks = [
        w.client.receive(serverFrame(other, serverMsgId(other), body))[0],
        w.client.receive(serverFrame(w, serverMsgId(w), body, 42n))[0],
        w.client.receive(serverFrame(w, serverMsgId(w, 0n), body))[0],
        w.client.receive(serverFrame(w, serverMsgId(w) - (1000n << 32n), body))[0],
      ];
      expect(checks.map((e) => (e as { error: SecurityError }).error.check)).to.deep.equal(['auth-key-id', 'session-id', 'msg-id', 'msg-id']);
    });

    it('a replayed frame is ignored the second time', () => {
      const w = pair();
      const frame = serverFrame(w, serverMsgId(w), encode({ _: 'updatesTooLong' }));
      expect(w.client.receive(frame).map((e) => e.kind)).to.deep.equal(['updates']);
      expect(w.client.receive(frame)).to.deep.equal([]);
    });

    it('an undecodable body inside a valid frame, and short or misaligned frames', () => {
      const w = pair();
      const [bad] = w.client.receive(serverFrame(w, serverMsgId(w), Uint8Array.of(1, 2, 3, 4)));
      expect((bad as { error: SecurityError }).error.check).to.equal('body');
      for (const n of [0, 23, 40, 24 + 17]) {
        const [e] = w.client.receive(new Uint8Array(n));
        expect((e as { error: SecurityError }).error).to.be.instanceOf(SecurityError);
      }
    });
  });
});
