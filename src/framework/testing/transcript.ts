/** A chat as readable lines: what failure messages show and what the demo prints. */
import type { tl } from '../../schema/index.js';
import type { LoggedMessage } from './chat-log.js';

/** The labels of a message's keyboard, row by row (inline or reply keyboard). */
export function buttonRows(message: tl.Message | tl.MessageService): tl.TypeKeyboardButton[][] {
  const markup = message._ === 'message' ? message.replyMarkup : undefined;
  if (markup?._ !== 'replyInlineMarkup' && markup?._ !== 'replyKeyboardMarkup') return [];
  return markup.rows.map((row) => row.buttons);
}

function size(bytes: bigint | number): string {
  const n = Number(bytes);
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function media(m: tl.TypeMessageMedia | undefined): string | undefined {
  if (!m) return undefined;
  switch (m._) {
    case 'messageMediaPhoto':
      return '[photo]';
    case 'messageMediaDocument': {
      const doc = m.document;
      if (doc?._ !== 'document') return '[document]';
      const name = doc.attributes.find((a): a is tl.DocumentAttributeFilename => a._ === 'documentAttributeFilename')?.fileName;
      return `[document${name ? ` ${name}` : ''}, ${size(doc.size)}, ${doc.mimeType}]`;
    }
    default:
      return `[${m._.replace(/^messageMedia/, '').toLowerCase()}]`;
  }
}

/** A service message as the app shows it, roughly: "(joined)", "(renamed the group to …)". */
function serviceAction(action: tl.TypeMessageAction, nameOf: (id: bigint) => string): string {
  switch (action._) {
    case 'messageActionChatAddUser':
      return `(added ${action.users.map(nameOf).join(', ')})`;
    case 'messageActionChatJoinedByLink':
    case 'messageActionChatJoinedByRequest':
      return '(joined)';
    case 'messageActionChatDeleteUser':
      return `(removed ${nameOf(action.userId)})`;
    case 'messageActionChatCreate':
    case 'messageActionChannelCreate':
      return `(created the group ${JSON.stringify(action.title)})`;
    case 'messageActionChatEditTitle':
      return `(renamed the group to ${JSON.stringify(action.title)})`;
    case 'messageActionPinMessage':
      return '(pinned a message)';
    default:
      return `(${action._.replace(/^messageAction/, '')})`;
  }
}

/** One message in a line: its text, media and buttons (service messages: what happened). */
export function describeMessage(message: tl.Message | tl.MessageService, nameOf: (id: bigint) => string = (id) => `user ${id}`): string {
  if (message._ === 'messageService') return serviceAction(message.action, nameOf);
  const parts: string[] = [];
  const file = media(message.media);
  if (file) parts.push(file);
  if (message.message || !file) parts.push(JSON.stringify(message.message));
  const rows = buttonRows(message);
  if (rows.length) parts.push(rows.map((row) => row.map((b) => `[${b.text}]`).join(' ')).join(' / '));
  return parts.join(' ');
}

/** `+1.234s  @demo_bot: "Hello" [Vote]`, one line per logged message. */
export function transcriptLines(entries: readonly LoggedMessage[], nameOf: (id: bigint) => string): string[] {
  return entries.map((e) => {
    const edited = e.edits ? ` (edited${e.edits > 1 ? ` ${e.edits}×` : ''})` : '';
    return `+${(e.at / 1000).toFixed(3)}s  ${nameOf(e.from)}: ${describeMessage(e.message, nameOf)}${edited}`;
  });
}
