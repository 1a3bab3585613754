import { GreeterHandler } from './greeter.handler.js';
import { GreetingService } from './greeting.service.js';

/** What the bot is made of, apart from its config and where it connects: main.ts and the tests share it. */
export const app = {
  handlers: [GreeterHandler],
  providers: [GreetingService],
};
