/**
 * Injection tokens. The Client, the session store, the validated config and
 * the bot live in the bot's container; the context and the chat's state in
 * each update's child container. Classes are tokens too: `constructor(private
 * client: Client, private config: MyConfig)` works with emitDecoratorMetadata.
 */
import type { InjectionToken } from 'tsyringe';
import type { Client } from '../../protocol/client/client.js';
import type { SessionStore } from '../../protocol/storage/index.js';
import type { BotConfig } from '../config/config.js';
import type { Context } from '../context/context.js';

export const CLIENT: InjectionToken<Client> = Symbol.for('layer:client');
export const SESSION_STORE: InjectionToken<SessionStore> = Symbol.for('layer:session-store');
export const CONFIG: InjectionToken<BotConfig> = Symbol.for('layer:config');
/** The bot itself (typed loosely here to avoid an import cycle: resolve it as LayerBot). */
export const LAYER_BOT: InjectionToken<unknown> = Symbol.for('layer:bot');
/** Per update: the context. */
export const CONTEXT: InjectionToken<Context> = Symbol.for('layer:context');
/** Per update: the chat's state (`ctx.state`, set by the chatState middleware), read when resolved. */
export const CHAT_STATE: InjectionToken<Record<string, unknown> | undefined> = Symbol.for('layer:chat-state');
