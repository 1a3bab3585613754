/**
 * `layer/framework`: typed events, contexts, filters, the composer, decorators,
 * DI tokens, config validation, RxJS operators and LayerBot.
 */
import 'reflect-metadata';

export * from './composer/index.js';
export * from './operators/index.js';
export * from './events/index.js';
export * from './context/index.js';
export * from './filters/index.js';
export * from './decorators/index.js';
export * from './di/index.js';
export * from './config/index.js';
export * from './bot/index.js';
export * from './keyboards/index.js';
export * from './middleware/index.js';
export { callbackData, CALLBACK_DATA_MAX_BYTES, CallbackDataError, CallbackDataTooLongError, MalformedCallbackDataError, CallbackValueError } from './callback-data.js';
export type { CallbackDataCodec, CallbackSchema, CallbackValues, FieldType } from './callback-data.js';
export { METADATA } from './metadata/keys.js';
// What ctx.reply and friends take: formatted text (from the protocol's text module, for one import in bot code).
export { html, md, type FormattedText } from '../protocol/client/text/index.js';
export { FrameworkError, ConfigError, DecoratorError, HandlerTimeoutError, BotStoppedError, MiddlewareError, HandlerError, ContextError, type ConfigProblem } from './errors.js';
// tsyringe's decorators, from the copy the framework resolves with: a project that installs layer
// from a folder (file:) would otherwise get a second tsyringe whose @injectable records layer never sees.
export { injectable, inject, singleton, scoped, Lifecycle, container, type DependencyContainer } from 'tsyringe';
