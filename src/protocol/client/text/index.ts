/** Message text formatting: Telegram HTML and MarkdownV2 to entities and back, in UTF-16 offsets. */
export { type FormattedText, type StyleEntity, isStyleEntity, sortEntities, mentionedUserId } from './formatted-text.js';
export { TextParseError, type TextParseProblem } from './errors.js';
export { parseHtml } from './html-parse.js';
export { toHtml, escapeHtml } from './html-write.js';
export { parseMarkdown } from './markdown-parse.js';
export { toMarkdown, escapeMarkdown } from './markdown-write.js';
export { html, md, isFormattedText } from './templates.js';
