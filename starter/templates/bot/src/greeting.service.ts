import { injectable } from 'layer/framework';
import { AppConfig } from './app.config.js';

/**
 * What the bot says, and what it counts. One instance per bot (it is listed
 * in `providers`), so the count survives from update to update.
 */
@injectable()
export class GreetingService {
  private presses = 0;

  constructor(private readonly config: AppConfig) {}

  greet(name: string | undefined): string {
    return `${this.config.greeting}, ${name ?? 'stranger'}!`;
  }

  /** Counts a press of the button; answers the total so far. */
  pressed(): number {
    return ++this.presses;
  }

  get total(): number {
    return this.presses;
  }

  /** Inline mode: the greeting for whoever the query names. */
  inlineGreeting(query: string): string {
    return this.greet(query.trim() || undefined);
  }
}
