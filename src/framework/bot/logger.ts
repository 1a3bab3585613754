/** Where the bot writes what it cannot hand to anyone else. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** The console, without debug lines. */
export const consoleLogger: Logger = {
  debug: () => {},
  info: (m, ...d) => console.info(`[layer] ${m}`, ...d),
  warn: (m, ...d) => console.warn(`[layer] ${m}`, ...d),
  error: (m, ...d) => console.error(`[layer] ${m}`, ...d),
};

/** Writes nothing. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
