/** A state store in memory: for tests and bots whose state may die with the process. */
import { MapStateBackend, SessionStateStore } from './session-state.js';
import type { StateStoreOptions } from './state-store.js';

/** The memory session store's state view, standing alone: the same code over a map of its own, cleared on close. */
export class MemoryStateStore extends SessionStateStore {
  private readonly map: MapStateBackend;

  constructor(options: StateStoreOptions = {}) {
    const map = new MapStateBackend();
    super(map, () => false, options);
    this.map = map;
  }

  override async close(): Promise<void> {
    await super.close();
    this.map.clear();
  }
}
