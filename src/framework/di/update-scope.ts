import type { DependencyContainer } from 'tsyringe';
import type { Client } from '../../protocol/client/client.js';
import type { Cancellation } from '../../protocol/client/abort.js';
import type { Context, ContextDeps } from '../context/context.js';
import { bindContext, updateContainer } from './containers.js';

type Class = new (...args: any[]) => object;

/**
 * One update's scope, each part made on first use: the child container
 * (with CONTEXT and CHAT_STATE) only when something resolves from it, the
 * signal only when read. Creating and disposing a container per update is
 * much of what the framework costs per update, and most updates need none:
 * a handler class whose constructor takes nothing is built directly, one
 * instance per update as before. Once the container exists, those instances
 * are registered in it, so resolving the class there gives the same one.
 */
export class UpdateScope implements ContextDeps {
  private child: DependencyContainer | undefined;
  private firstClass: Class | undefined;
  private firstInstance: object | undefined;
  /** The instances of the classes after the first. */
  private instances: Map<Class, object> | undefined;
  ctx: Context | undefined;

  constructor(
    readonly client: Client,
    private readonly root: DependencyContainer,
    private readonly run: Cancellation & { readonly signal: AbortSignal },
  ) {}

  get signal(): AbortSignal {
    return this.run.signal;
  }

  get cancel(): Cancellation {
    return this.run;
  }

  get container(): DependencyContainer {
    if (this.child) return this.child;
    const child = updateContainer(this.root);
    if (this.ctx) bindContext(child, this.ctx);
    if (this.firstClass) child.register(this.firstClass, { useValue: this.firstInstance! });
    for (const [cls, instance] of this.instances ?? []) child.register(cls, { useValue: instance });
    return (this.child = child);
  }

  handlerInstance(cls: Class, direct: boolean): object {
    if (!direct || this.child) return this.container.resolve(cls);
    // Most updates reach one handler class: its instance needs no Map.
    if (this.firstClass === cls) return this.firstInstance!;
    if (!this.firstClass) {
      this.firstClass = cls;
      return (this.firstInstance = new cls());
    }
    this.instances ??= new Map();
    let instance = this.instances.get(cls);
    if (!instance) this.instances.set(cls, (instance = new cls()));
    return instance;
  }

  /** Disposes the container, if one was made. */
  dispose(): Promise<void> | void {
    return this.child?.dispose();
  }
}
