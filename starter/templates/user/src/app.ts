import { NotesHandler } from './notes.handler.js';
import { NotesService } from './notes.service.js';

/** What the userbot is made of, apart from its config and where it connects: main.ts and the tests share it. */
export const app = {
  handlers: [NotesHandler],
  providers: [NotesService],
};
