/**
 * Tagged templates: html`<b>${name}</b>` and md`*${name}*` build a
 * `FormattedText`, escaping every interpolated value so user input can never
 * add markup. An interpolated `FormattedText` keeps its entities (it is
 * written back as markup first). The templates read the cooked strings, as
 * any JavaScript string: a MarkdownV2 escape is written `\\.` in the source.
 */
import type { FormattedText } from './formatted-text.js';
import { parseHtml } from './html-parse.js';
import { escapeHtml, toHtml } from './html-write.js';
import { parseMarkdown } from './markdown-parse.js';
import { escapeMarkdown, toMarkdown } from './markdown-write.js';

export function isFormattedText(v: unknown): v is FormattedText {
  return typeof v === 'object' && v !== null && typeof (v as FormattedText).text === 'string' && Array.isArray((v as FormattedText).entities);
}

function template(
  strings: TemplateStringsArray,
  values: readonly unknown[],
  write: (f: FormattedText) => string,
  escape: (s: string) => string,
): string {
  let source = strings[0];
  values.forEach((v, i) => {
    source += (isFormattedText(v) ? write(v) : escape(String(v))) + strings[i + 1];
  });
  return source;
}

/** Telegram HTML with escaped interpolations; throws `TextParseError` if the template itself is malformed. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): FormattedText {
  return parseHtml(template(strings, values, toHtml, escapeHtml));
}

/** MarkdownV2 with escaped interpolations; throws `TextParseError` if the template itself is malformed. */
export function md(strings: TemplateStringsArray, ...values: unknown[]): FormattedText {
  return parseMarkdown(template(strings, values, toMarkdown, escapeMarkdown));
}
