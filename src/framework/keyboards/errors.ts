/** A button Telegram would refuse, caught when it is built. */
export class KeyboardError extends Error {
  override readonly name = 'KeyboardError';
  constructor(
    /** Telegram's error for it: BUTTON_TEXT_INVALID, BUTTON_URL_INVALID... */
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
