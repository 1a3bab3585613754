/** `npm run bench`: runs every benchmark and prints one table. */
import { printTable } from './harness.js';
import { benchTl } from './tl.js';

const rows = [...(await benchTl())];
console.log(`node ${process.version}; ops/s is the median of 5 rounds; layer/peer > 1 means layer is faster\n`);
printTable(rows);
