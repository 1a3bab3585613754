/** The state stores' error family. */

export class StateStoreError extends Error {
  override readonly name: string = 'StateStoreError';
}

/** A value a state store cannot keep without changing it; `path` is where in the value (`$.a[2]`). */
export class StateValueError extends StateStoreError {
  override readonly name = 'StateValueError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`state value at ${path}: ${problem}`);
  }
}

/** A state store was used after `close()`. */
export class StateStoreClosedError extends StateStoreError {
  override readonly name = 'StateStoreClosedError';
  constructor(operation: string) {
    super(`${operation}: the state store is closed`);
  }
}

/** A file the SQLite state store will not use (another app's database, a damaged one). */
export class StateFileError extends StateStoreError {
  override readonly name = 'StateFileError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`state file ${file}: ${message}`, options);
  }
}
