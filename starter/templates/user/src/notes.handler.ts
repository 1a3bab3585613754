import { injectable } from 'layer/framework';
import { command, makeFilter, OnNewMessage, outgoing, type NewMessageContext, type ParsedCommand } from 'layer/framework';
import type { Client } from 'layer';
import { NotesService } from './notes.service.js';

/** A command the owner types, from any of their devices: a dot, then the name. */
const dot = (name: string) => command(name, { prefixes: ['.'] });

/** Saved Messages: the account's chat with itself, where Telegram users keep notes and run their userbot's commands. */
const savedMessages = makeFilter((ctx: { chatId: bigint | undefined; client: Client }) => ctx.chatId !== undefined && ctx.chatId === ctx.client.self?.id);

/**
 * A userbot reacts to what its own account writes: each command message is
 * edited into its answer. `.ping` works in any chat; the notes stay in Saved
 * Messages, where nobody else sees them. Messages from other people never
 * match `outgoing`.
 */
@injectable()
export class NotesHandler {
  constructor(private readonly notes: NotesService) {}

  /** `.ping` -> `pong`. */
  @OnNewMessage(outgoing, dot('ping'))
  async ping(ctx: NewMessageContext) {
    await ctx.edit('pong');
  }

  /** `.note buy milk` -> `Noted (#1): buy milk` (in Saved Messages). */
  @OnNewMessage(outgoing, savedMessages, dot('note'))
  async note(ctx: NewMessageContext & { command: ParsedCommand }) {
    const text = ctx.command.argsText;
    if (!text) {
      await ctx.edit('Usage: .note <text>');
      return;
    }
    const count = this.notes.add(text);
    await ctx.edit(`Noted (#${count}): ${text}`);
  }

  /** `.notes` -> the notes so far, one per line (in Saved Messages: typed elsewhere, it would show them there). */
  @OnNewMessage(outgoing, savedMessages, dot('notes'))
  async list(ctx: NewMessageContext) {
    const notes = this.notes.list();
    await ctx.edit(notes.length ? notes.map((n, i) => `${i + 1}. ${n}`).join('\n') : 'No notes yet: write .note <text>');
  }
}
