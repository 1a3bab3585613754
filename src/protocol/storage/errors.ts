/** The session stores' error family: each names what is wrong and what to do. */

/** Base of every session-store error. */
export class SessionStoreError extends Error {
  override readonly name: string = 'SessionStoreError';
}

/** Why a session string was refused. */
export type SessionStringProblem =
  | 'empty'
  | 'bad-version'
  | 'bad-base64url'
  | 'truncated'
  | 'bad-checksum'
  | 'bad-field'
  | 'foreign';

/**
 * A session string that layer cannot import. `problem` says what is wrong;
 * `app` names the library that made a foreign string (`'Telethon'`,
 * `'GramJS'`, `'Pyrogram'`) when its shape gives it away.
 */
export class SessionStringError extends SessionStoreError {
  override readonly name = 'SessionStringError';
  constructor(
    readonly problem: SessionStringProblem,
    message: string,
    readonly details: { got?: unknown; expected?: unknown; app?: string } = {},
  ) {
    super(`session string: ${message}`);
  }
  get app(): string | undefined {
    return this.details.app;
  }
}

/**
 * Another process (or another store in this one) has the session file open.
 * Running one session twice makes Telegram revoke it (AUTH_KEY_DUPLICATED),
 * so the second opener is refused instead.
 */
export class SessionInUseError extends SessionStoreError {
  override readonly name = 'SessionInUseError';
  constructor(
    readonly file: string,
    /** The process holding it, when its lock file names one. */
    readonly pid: number | undefined,
  ) {
    const holder = pid === undefined ? 'another process' : pid === process.pid ? `this process (pid ${pid})` : `process ${pid}`;
    super(
      `session file ${file} is in use by ${holder}. ` +
        'One session must not run twice (Telegram would revoke it with AUTH_KEY_DUPLICATED): ' +
        'use a different session file, or close the other process (or store) first.',
    );
  }
}

/** Why a session file was refused. */
export type SessionFileProblem = 'not-sqlite' | 'foreign' | 'corrupt' | 'newer-version' | 'unreadable';

/** A session file that is not a layer session, or is damaged. The file is left untouched. */
export class SessionFileError extends SessionStoreError {
  override readonly name = 'SessionFileError';
  constructor(
    readonly file: string,
    readonly problem: SessionFileProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`session file ${file}: ${message}. The file was left untouched.`, options);
  }
}

/** A store was used after `close()`. */
export class SessionClosedError extends SessionStoreError {
  override readonly name = 'SessionClosedError';
  constructor(operation: string) {
    super(`${operation}: the session store is closed`);
  }
}
