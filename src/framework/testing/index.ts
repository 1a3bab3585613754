/**
 * `layer/framework/testing`: test a bot against the emulator as its users
 * would, through real clients. See docs/testing.md.
 */
export { testBot, BotTest, type TestBotOptions, type TestUserOptions } from './test-bot.js';
export { TestUser, type ExpectReplyOptions, type Where } from './test-user.js';
export type { TestGroup, GroupOptions } from './test-group.js';
export { NoReplyError, ButtonNotFoundError } from './errors.js';
export { describeMessage, buttonRows } from './transcript.js';
