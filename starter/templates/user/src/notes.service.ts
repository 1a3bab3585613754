import { injectable } from 'layer/framework';

/**
 * The notes the owner takes with `.note`. One instance per userbot (it is
 * listed in `providers`); kept in memory, so a restart forgets them: swap in
 * a file or a database here without touching the handler.
 */
@injectable()
export class NotesService {
  private readonly notes: string[] = [];

  add(text: string): number {
    this.notes.push(text);
    return this.notes.length;
  }

  list(): readonly string[] {
    return this.notes;
  }
}
