/** The updates engine: gap-free, ordered, exactly-once updates, sans IO. */
export { UpdatesEngine } from './engine.js';
export { errorText } from './requests.js';
export { parseUpdatesState, UpdatesStateError } from './state.js';
export { classify, type Slot } from './classify.js';
export { fromShortMessage, fromShortChatMessage, fromShortSentMessage } from './short.js';
export type {
  FeedContext,
  PendingRequest,
  UpdateEvent,
  UpdatesBox,
  UpdatesEngineOptions,
  UpdatesIssue,
  UpdateSource,
  UpdatesRequest,
  UpdatesState,
  UpdatesStep,
} from './types.js';
