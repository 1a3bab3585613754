export { LayerBot, type LayerBotOptions } from './layer-bot.js';
export { Dispatcher, type DispatcherOptions, type DispatcherStats } from './dispatcher.js';
export { HandlerRun } from './handler-run.js';
export { consoleLogger, silentLogger, type Logger } from './logger.js';
