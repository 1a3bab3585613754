import { codecConformance, type Setup } from './conformance.js';
import { hex } from './helpers.js';

const secret = hex('0123456789abcdef0123456789abcdef');

const setups: Setup[] = [
  { name: 'abridged', client: { transport: 'abridged' } },
  { name: 'intermediate', client: { transport: 'intermediate' } },
  { name: 'padded intermediate', client: { transport: 'padded' } },
  { name: 'full', client: { transport: 'full' } },
  { name: 'obfuscated abridged', client: { transport: 'abridged', obfuscated: true } },
  { name: 'obfuscated intermediate, DC 2', client: { transport: 'intermediate', obfuscated: { dcId: 2 } } },
  { name: 'obfuscated padded intermediate, media DC 4', client: { transport: 'padded', obfuscated: { dcId: -4 } } },
  {
    name: 'obfuscated padded intermediate through an MTProxy secret, test DC 10002',
    client: { transport: 'padded', obfuscated: { dcId: 10002, secret } },
    serverSecret: secret,
  },
];

for (const setup of setups) codecConformance(setup);
