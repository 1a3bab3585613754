import 'reflect-metadata';
import { container as globalContainer, Lifecycle, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { Context } from '../context/context.js';
import { CHAT_STATE, CONTEXT } from './tokens.js';

/** A class, a value, or a factory, registered in the bot's container before start. */
export type Provider =
  | (new (...args: any[]) => object)
  | { provide: InjectionToken<unknown>; useValue: unknown }
  | { provide: InjectionToken<unknown>; useClass: new (...args: any[]) => unknown; lifecycle?: 'singleton' | 'transient' | 'container' }
  | { provide: InjectionToken<unknown>; useFactory: (c: DependencyContainer) => unknown };

const LIFECYCLES = { singleton: Lifecycle.Singleton, transient: Lifecycle.Transient, container: Lifecycle.ContainerScoped } as const;

/**
 * The bot's own container: a child of tsyringe's global one, so classes
 * marked @singleton / @scoped (which tsyringe registers globally) resolve,
 * while what the bot registers stays in this bot.
 */
export function botContainer(): DependencyContainer {
  return globalContainer.createChildContainer();
}

export function registerProvider(container: DependencyContainer, provider: Provider): void {
  if (typeof provider === 'function') {
    // A bare class: one per bot unless it says otherwise (@scoped / @injectable register themselves globally).
    if (!container.isRegistered(provider, true)) container.registerSingleton(provider);
    return;
  }
  if (!provider || typeof provider !== 'object' || !('provide' in provider)) throw new TypeError('providers: expected a class or { provide, useValue | useClass | useFactory }');
  if ('useValue' in provider) container.register(provider.provide, { useValue: provider.useValue });
  else if ('useClass' in provider) container.register(provider.provide, { useClass: provider.useClass }, { lifecycle: LIFECYCLES[provider.lifecycle ?? 'singleton'] });
  else if ('useFactory' in provider) container.register(provider.provide, { useFactory: provider.useFactory });
  else throw new TypeError('providers: { provide } needs useValue, useClass or useFactory');
}

/**
 * A handler class: one instance per update (its constructor may inject
 * request-scoped values). False when it was registered already (say as a
 * @singleton), which then stands.
 */
export function registerHandlerClass(container: DependencyContainer, cls: new (...args: any[]) => object): boolean {
  if (container.isRegistered(cls, true)) return false;
  container.register(cls, { useClass: cls }, { lifecycle: Lifecycle.ContainerScoped });
  return true;
}

/**
 * The update's container: a child of the bot's, holding the context and the
 * chat's state. Container-scoped services get one instance per update.
 */
export function updateContainer(root: DependencyContainer): DependencyContainer {
  return root.createChildContainer();
}

export function bindContext(child: DependencyContainer, ctx: Context): void {
  child.register(CONTEXT, { useValue: ctx });
  child.register(CHAT_STATE, { useFactory: () => ctx.state });
}
