import { Subject, type Observable } from 'rxjs';
import { typeOf, type TlObject, type tl } from '../../schema/index.js';
import { UpdatesEngine, type UpdateEvent, type UpdatesEngineOptions, type UpdatesIssue, type UpdatesState, type UpdatesStep } from '../updates/index.js';

export interface UpdatesDriverOptions extends UpdatesEngineOptions {
  /** Sends one of the engine's requests on the home DC. */
  invoke(request: TlObject): Promise<unknown>;
  /** The engine's state changed after updates were delivered: persist it. */
  onState?(state: UpdatesState): void;
  /** Users and chats that came with updates: for the peer cache. */
  onPeers?(users: tl.TypeUser[], chats: tl.TypeChat[]): void;
  onIssue?(issue: UpdatesIssue): void;
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
  private closed = false;
  readonly updates$: Observable<UpdateEvent> = this.subject.asObservable();

  constructor(private readonly options: UpdatesDriverOptions) {
    this.engine = new UpdatesEngine(options);
  }

  start(): void {
    this.run(this.engine.start());
  }

  /** Pushed updates, or a request's result: anything of type Updates, or affectedMessages and friends. */
  feedResult(request: TlObject, result: unknown): void {
    const name = (result as { _?: unknown })?._;
    if (typeof name !== 'string') return;
    if (typeOf(name) === 'Updates') this.run(this.engine.feed(result, { request }));
    else if (AFFECTED.has(name)) this.run(this.engine.applyAffected(result as tl.messages.AffectedMessages, channelOf(request)));
  }

  feed(updates: tl.TypeUpdates): void {
    this.run(this.engine.feed(updates));
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
    this.subject.complete();
  }

  private run(step: UpdatesStep): void {
    if (this.closed) return;
    if (step.users.length || step.chats.length) this.options.onPeers?.(step.users, step.chats);
    for (const event of step.updates) this.subject.next(event);
    // The state is saved after the updates it covers were delivered, never before.
    if (step.stateChanged) this.options.onState?.(this.engine.state());
    for (const issue of step.issues) this.options.onIssue?.(issue);
    for (const { id, request } of step.requests) {
      this.options.invoke(request).then(
        (result) => this.run(this.engine.resolve(id, result)),
        (error: unknown) => this.run(this.engine.reject(id, error)),
      );
    }
    clearTimeout(this.timer);
    if (step.deadline !== undefined) {
      this.timer = setTimeout(() => this.run(this.engine.tick()), Math.max(0, step.deadline - (this.options.now ?? Date.now)()));
      this.timer.unref();
    }
  }
}

function channelOf(request: TlObject): bigint | undefined {
  const channel = (request as { channel?: { _: string; channelId?: bigint } }).channel;
  return channel?._ === 'inputChannel' ? channel.channelId : undefined;
}
