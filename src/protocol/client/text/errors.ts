/** The text-formatting error family. */

/** Why an HTML or MarkdownV2 source was refused. */
export type TextParseProblem =
  /** A tag or markup character Telegram does not know (`<br>`, `<span>` without `tg-spoiler`, an unescaped `.`). */
  | 'unsupported'
  /** An entity was opened and never closed (`<b>x`, `*x`). */
  | 'unclosed'
  /** An end tag that closes nothing, or not the innermost open entity (`<b><i></b>`): entities must nest. */
  | 'mismatched'
  /** A tag or attribute that is not well formed (`<a href="x>`, `<tg-emoji>` without an emoji id). */
  | 'malformed';

/**
 * An HTML or MarkdownV2 source Telegram would refuse with "Can't parse
 * entities". `position` is where the problem is, in UTF-16 code units of the
 * source string (Telegram names byte offsets; a JavaScript string index is
 * what an editor or `source.slice` understands).
 */
export class TextParseError extends Error {
  override readonly name = 'TextParseError';
  constructor(
    readonly syntax: 'html' | 'markdown',
    readonly problem: TextParseProblem,
    readonly position: number,
    message: string,
  ) {
    super(`can't parse ${syntax === 'html' ? 'HTML' : 'MarkdownV2'} at ${position}: ${message}`);
  }
}
