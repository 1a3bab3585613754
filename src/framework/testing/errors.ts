import { FrameworkError } from '../errors.js';

/** What a failed expectation shows: the chat as it went, so the test says what the bot did instead. */
function withTranscript(headline: string, transcript: readonly string[], errors: readonly string[] = []): string {
  const body = transcript.length ? transcript.map((l) => `  ${l}`).join('\n') : '  (nothing yet)';
  const thrown = errors.length ? `\nMeanwhile the bot's handlers threw (no @Catch took it):\n${errors.map((l) => `  ${l}`).join('\n')}` : '';
  return `${headline}\nThe chat so far, oldest first:\n${body}${thrown}`;
}

/** expectReply gave up: no message of the bot (matching what was asked) came in time. */
export class NoReplyError extends FrameworkError {
  override name = 'NoReplyError';
  constructor(
    readonly expected: string,
    readonly timeoutMs: number,
    /** The chat as logged: one line per message, with its time since the test began. */
    readonly transcript: readonly string[],
    who: string,
    /** Errors the bot's handlers threw that no @Catch took, one line each. */
    readonly handlerErrors: readonly string[] = [],
  ) {
    super(withTranscript(`${who} waited ${timeoutMs} ms for ${expected}, and none came.`, transcript, handlerErrors));
  }
}

/** press() found no button with that label on the bot's last message with a keyboard. */
export class ButtonNotFoundError extends FrameworkError {
  override name = 'ButtonNotFoundError';
  constructor(
    readonly label: string | RegExp,
    readonly transcript: readonly string[],
    problem: string,
  ) {
    super(withTranscript(`press(${typeof label === 'string' ? JSON.stringify(label) : String(label)}): ${problem}`, transcript));
  }
}
