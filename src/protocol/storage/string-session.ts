/**
 * A session that lives in a string, for environment variables and secrets
 * managers: `StringSession.import(process.env.SESSION)`, and later
 * `session.export()`. It keeps everything in memory; what the string holds
 * (auth keys, home DC, DC addresses, salts, time offset, update state) is
 * listed in `string-codec.ts`. Give `onSave` to be handed the new string
 * whenever what it holds changes (batched like every store's writes).
 */
import { MemorySessionStore } from './memory-store.js';
import { decodeSessionString, encodeSessionString } from './string-codec.js';
import type { StoreOptions } from './buffered-store.js';
import type { WriteBatch } from './batch.js';

export interface StringSessionOptions extends StoreOptions {
  /** Receives the new string after writes that change it; awaited by `flush()` and `close()`. */
  onSave?: (session: string) => void | Promise<void>;
}

export class StringSession extends MemorySessionStore {
  protected override readonly persistent: boolean;
  private readonly onSave: StringSessionOptions['onSave'];
  private saved: string;

  /** An empty session; `StringSession.import` reads an exported one. */
  constructor(options: StringSessionOptions = {}) {
    super(undefined, options);
    this.persistent = options.onSave !== undefined;
    this.onSave = options.onSave;
    this.saved = this.export();
  }

  /** Reads an exported string; throws `SessionStringError` naming what is wrong (version, base64url, truncation, checksum, a foreign library's string). */
  static import(session: string, options: StringSessionOptions = {}): StringSession {
    const snapshot = decodeSessionString(session);
    const store = new StringSession(options);
    store.load(snapshot);
    store.saved = store.export();
    return store;
  }

  /** The session as a string: `layer1.` then base64url. */
  export(): string {
    return encodeSessionString(this.snapshot());
  }

  protected override async persist(_batch: WriteBatch): Promise<void> {
    const now = this.export();
    if (now === this.saved) return;
    await this.onSave?.(now);
    this.saved = now;
  }
}
