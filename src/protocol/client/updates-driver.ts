import { Subject, type Observable } from 'rxjs';
import { typeOf, type TlObject, type tl } from '../../schema/index.js';
import { classify, UpdatesEngine, type UpdateEvent, type UpdatesEngineOptions, type UpdatesIssue, type UpdatesState, type UpdatesStep } from '../updates/index.js';

export interface UpdatesDriverOptions extends UpdatesEngineOptions {
  /** Sends one of the engine's requests on the home DC. */
  invoke(request: TlObject): Promise<unknown>;
  /** The engine's state changed after updates were delivered: persist it. */
  onState?(state: UpdatesState): void;
  /** Users and chats that came with updates: for the peer cache. */
  onPeers?(users: tl.TypeUser[], chats: tl.TypeChat[]): void;
  onIssue?(issue: UpdatesIssue): void;
  /** Whether the client holds this user's access hash (a short message from a stranger is fetched whole instead). */
  knowsUser?(userId: bigint): boolean;
}

const AFFECTED = new Set(['messages.affectedMessages', 'messages.affectedHistory', 'messages.affectedFoundMessages']);

/**
 * Runs the sans-IO updates engine for the client: feeds it what the server
 * pushes and what requests return, sends the requests it asks for, keeps its
 * one timer, and emits its ordered, gap-free updates on `updates$`.
 */
export class UpdatesDriver {
  private readonly engine: UpdatesEngine;
  private readonly subject = new Subject<UpdateEvent>();
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (the engine's deadline it was set for). */
  private timerAt = Infinity;
  private closed = false;
  /**
   * While paused, updates the server keeps (those with pts, qts or seq) are
   * left on the server and fetched with getDifference on resume; only the
   * ones it does not keep (callback and inline queries, typing, statuses)
   * are held here. The engine's own requests wait too, so a paused client
   * takes in nothing more than those.
   */
  private paused = false;
  private missed = false;
  private readonly held: UpdateEvent[] = [];
  private readonly heldRequests: UpdatesStep['requests'] = [];
  /** Resolves once the engine knows where the account's updates stand (getState answered or a saved state given). */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private isReady = false;
  readonly updates$: Observable<UpdateEvent> = this.subject.asObservable();

  constructor(private readonly options: UpdatesDriverOptions) {
    this.engine = new UpdatesEngine(options);
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  start(): void {
    this.run(this.engine.start());
  }

  /** Pushed updates, or a request's result: anything of type Updates, or affectedMessages and friends. */
  feedResult(request: TlObject, result: unknown): void {
    const name = (result as { _?: unknown })?._;
    if (typeof name !== 'string') return;
    if (typeOf(name) === 'Updates') this.feedOrHold(result as tl.TypeUpdates, request);
    // createChat, addChatUser and inviteToChannel wrap their Updates.
    else if (name === 'messages.invitedUsers') this.feedOrHold((result as tl.messages.InvitedUsers).updates, request);
    else if (AFFECTED.has(name)) this.run(this.engine.applyAffected(result as tl.messages.AffectedMessages, channelOf(request)));
  }

  feed(updates: tl.TypeUpdates): void {
    this.feedOrHold(updates);
  }

  /** Stops taking updates in (see `paused`); `resume` catches up on what the server kept meanwhile. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused || this.closed) return;
    this.paused = false;
    for (const event of this.held.splice(0)) this.subject.next(event);
    this.send(this.heldRequests.splice(0));
    if (this.missed) {
      this.missed = false;
      this.catchUp();
    }
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private fromStranger(updates: tl.TypeUpdates): boolean {
    const knows = this.options.knowsUser;
    if (!knows) return false;
    if (updates._ === 'updateShortMessage') return !knows(updates.userId);
    if (updates._ === 'updateShortChatMessage') return !knows(updates.fromId);
    return false;
  }

  private send(requests: UpdatesStep['requests']): void {
    for (const { id, request } of requests) {
      this.options.invoke(request).then(
        (result) => this.run(this.engine.resolve(id, result)),
        (error: unknown) => this.run(this.engine.reject(id, error)),
      );
    }
  }

  private feedOrHold(updates: tl.TypeUpdates, request?: TlObject): void {
    if (!this.paused) {
      // Telegram's rule: a short message from a user we cannot address is fetched with getDifference, which brings the user.
      if (!request && this.fromStranger(updates)) this.catchUp();
      else this.run(this.engine.feed(updates, request && { request }));
      return;
    }
    this.missed = true;
    const list = 'updates' in updates ? updates.updates : updates._ === 'updateShort' ? [updates.update] : [];
    const users = 'users' in updates ? updates.users : [];
    const chats = 'chats' in updates ? updates.chats : [];
    for (const update of list) if (classify(update).kind === 'none') this.held.push({ update, users, chats, source: 'live' });
  }

  /** After a reconnect or a new server session: fetch what may have been missed. */
  catchUp(): void {
    this.run(this.engine.catchUp());
  }

  state(): UpdatesState {
    return this.engine.state();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.markReady();
    this.subject.complete();
  }

  private run(step: UpdatesStep): void {
    if (this.closed) return;
    if (step.users.length || step.chats.length) this.options.onPeers?.(step.users, step.chats);
    for (const event of step.updates) this.subject.next(event);
    // The state is saved after the updates it covers were delivered, never before.
    if (step.stateChanged) this.options.onState?.(this.engine.state());
    if (!this.isReady && this.engine.state().date > 0) {
      this.isReady = true;
      this.markReady();
    }
    for (const issue of step.issues) this.options.onIssue?.(issue);
    if (this.paused) this.heldRequests.push(...step.requests);
    else this.send(step.requests);
    // Most steps only push the idle deadline later: the timer set for the earlier one stays, and
    // when it fires the engine's tick (which does nothing before a deadline) names the next one.
    // It is set again only for a deadline earlier than the one it waits for: not a timer per step.
    if (step.deadline !== undefined && step.deadline < this.timerAt) {
      clearTimeout(this.timer);
      this.timerAt = step.deadline;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.run(this.engine.tick());
      }, Math.max(0, step.deadline - (this.options.now ?? Date.now)()));
      this.timer.unref();
    }
  }
}

function channelOf(request: TlObject): bigint | undefined {
  const channel = (request as { channel?: { _: string; channelId?: bigint } }).channel;
  return channel?._ === 'inputChannel' ? channel.channelId : undefined;
}
