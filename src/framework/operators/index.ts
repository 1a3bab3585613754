export { keyedSerial, type KeyedSerialOptions } from './keyed-serial.js';
export { perChatSerial, type Ordered } from './per-chat-serial.js';
export { ofType } from './of-type.js';
export { where } from './where.js';
