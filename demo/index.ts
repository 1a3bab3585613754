/**
 * `npm start`. Until the client, the emulator and the demo bot land, a short tour
 * of what exists: a typed request encoded to TL bytes and decoded back.
 */
import { decode, encode, LAYER, type tl } from '../src/index.js';

const request: tl.messages.SendMessageRequest = {
  _: 'messages.sendMessage',
  peer: { _: 'inputPeerSelf' },
  message: 'Hello from layer 👋',
  randomId: 0x1234_5678_9abc_def0n,
  entities: [{ _: 'messageEntityBold', offset: 0, length: 5 }],
};

const bytes = encode(request);
console.log(`layer ${LAYER}: messages.sendMessage encodes to ${bytes.length} bytes`);
console.log(Buffer.from(bytes).toString('hex').replace(/(.{8})/g, '$1 ').trim());
console.log('decoded back:', decode(bytes));
console.log('\nThe demo bot on the embedded emulator arrives with the framework; the emulator and the Client are already here (see the README).');
