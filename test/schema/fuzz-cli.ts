/** `npm run fuzz -- [seconds] [seed]`: fuzzes decode for as long as asked and prints the tally. */
import { fuzz } from './fuzz.js';

const seconds = Number(process.argv[2] ?? 60);
const seed = Number(process.argv[3] ?? Date.now() & 0xffffffff);
const report = fuzz(seconds, seed);
console.log(`fuzz: ${report.tried} inputs in ${seconds} s (seed ${seed}): ${report.decoded} decoded, ${report.tried - report.decoded - report.failures.length} rejected with TlDecodeError, ${report.failures.length} failures`);
for (const f of report.failures) console.log(`\ninput ${f.input}\n${f.error}`);
process.exitCode = report.failures.length ? 1 : 0;
