/** `layer/emulator`: a local Telegram speaking real MTProto, for tests and the demo. */
export { startEmulator, Emulator } from './emulator.js';
export { Faults } from './faults.js';
export type { DcAddress, EmulatorOptions, EmulatorClientOptions, CreateBotOptions, CreateUserOptions, CreatedBot, CreatedUser } from './options.js';
export { UpdateFaults, type UpdateFaultKind } from './world/update-faults.js';
export type { Activity, PeerRef, NewChat, NewChannel, SendMessage, SentMessage, EditMessage, DeleteMessages, PostOptions, MessageContent } from './world/activity.js';
export type { Files, PutOptions, SendFile, SentFile } from './world/files.js';
export { CDN_DC_ID, type CdnKnobs } from './world/cdn-files.js';
