/** `npm run bench`: runs every benchmark and prints one table. */
import { printTable } from './harness.js';
import { benchTl } from './tl.js';
import { benchCrypto } from './crypto.js';
import { benchTypecheck } from './typecheck.js';

const rows = [...(await benchTl()), ...(await benchCrypto())];
console.log(`node ${process.version}; ops/s is the median of 5 rounds; layer/peer > 1 means layer is faster\n`);
printTable(rows);

const typecheck = benchTypecheck();
console.log(`\ntype-checking bench/typecheck/sample.ts against the generated types: ${typecheck.seconds.toFixed(2)} s (median of ${typecheck.runs.length} tsc runs)`);
