/** The row logic both keyboards share. */
import type { tl } from '../../schema/index.js';
import { KeyboardError } from './errors.js';

export abstract class RowBuilder<B extends tl.TypeKeyboardButton> {
  private readonly rows: B[][] = [[]];

  /** Starts a new row (no-op when the current one is still empty). */
  row(): this {
    if (this.rows[this.rows.length - 1].length > 0) this.rows.push([]);
    return this;
  }

  /** Adds a built button to the current row. */
  add(button: B): this {
    this.rows[this.rows.length - 1].push(button);
    return this;
  }

  protected buildRows(): tl.KeyboardButtonRow[] {
    return this.rows.filter((r) => r.length > 0).map((buttons) => ({ _: 'keyboardButtonRow', buttons: [...buttons] }));
  }
}

export function checkText(text: string): string {
  if (typeof text !== 'string' || text.trim() === '') throw new KeyboardError('BUTTON_TEXT_INVALID', `a button needs a non-empty text, got ${JSON.stringify(text)}`);
  return text;
}
