import { injectable } from 'layer/framework';
import { command, OnNewMessage, outgoing, type NewMessageContext, type ParsedCommand } from 'layer/framework';
import { NotesService } from './notes.service.js';

/** A command the owner types, from any of their devices: a dot, then the name. */
const dot = (name: string) => command(name, { prefixes: ['.'] });

/**
 * A userbot reacts to what its own account writes, in any chat (Saved
 * Messages included): each command message is edited into its answer.
 * Messages from other people never match `outgoing`.
 */
@injectable()
export class NotesHandler {
  constructor(private readonly notes: NotesService) {}

  /** `.ping` -> `pong`. */
  @OnNewMessage(outgoing, dot('ping'))
  async ping(ctx: NewMessageContext) {
    await ctx.edit('pong');
  }

  /** `.note buy milk` -> `Noted (#1): buy milk`. */
  @OnNewMessage(outgoing, dot('note'))
  async note(ctx: NewMessageContext & { command: ParsedCommand }) {
    const text = ctx.command.argsText;
    if (!text) {
      await ctx.edit('Usage: .note <text>');
      return;
    }
    const count = this.notes.add(text);
    await ctx.edit(`Noted (#${count}): ${text}`);
  }

  /** `.notes` -> the notes so far, one per line. */
  @OnNewMessage(outgoing, dot('notes'))
  async list(ctx: NewMessageContext) {
    const notes = this.notes.list();
    await ctx.edit(notes.length ? notes.map((n, i) => `${i + 1}. ${n}`).join('\n') : 'No notes yet: write .note <text>');
  }
}
