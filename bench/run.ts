/** `npm run bench`: runs every benchmark and prints one table. */
import { printTable } from './harness.js';
import { benchTl } from './tl.js';
import { benchCrypto } from './crypto.js';
import { benchTypecheck } from './typecheck.js';
import { benchFiles, filesSummary } from './files.js';
import { benchDispatch, dispatchSummary } from './dispatch.js';

const rows = [...(await benchTl()), ...(await benchCrypto())];
console.log(`node ${process.version}; ops/s is the median of 5 rounds; layer/peer > 1 means layer is faster\n`);
printTable(rows);

console.log('\nfile transfers on loopback against the emulator (the ops/s column holds MB/s here; each library in its own process):\n');
const files = await benchFiles();
printTable(files);
for (const line of filesSummary(files)) console.log(line);

console.log('\nan echo bot on the emulator over loopback: updates/s and reply latency, 64 and then 512 users chatting (emulator here, each bot in its own process; see bench/dispatch.ts):\n');
const dispatch = await benchDispatch();
printTable(dispatch);
for (const line of dispatchSummary(dispatch)) console.log(line);

const typecheck = benchTypecheck();
console.log(`\ntype-checking bench/typecheck/sample.ts against the generated types: ${typecheck.seconds.toFixed(2)} s (median of ${typecheck.runs.length} tsc runs)`);
