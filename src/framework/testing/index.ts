/**
 * `layer/framework/testing`: test a bot (or a userbot) against the emulator
 * as its users would, through real clients. See docs/testing.md.
 */
export { testBot, BotTest, type TestBotOptions, type TestUserOptions } from './test-bot.js';
export { testUserbot, UserbotTest, type TestUserbotOptions } from './test-userbot.js';
export { TestUser, type Chat, type ExpectReplyOptions, type ExpectEditOptions, type Where } from './test-user.js';
export { codeLogin, type LoginFlow, type LoginSteps } from './login.js';
export type { TestGroup, GroupOptions } from './test-group.js';
export { NoReplyError, ButtonNotFoundError } from './errors.js';
export { describeMessage, buttonRows } from './transcript.js';
