/**
 * How long `tsc` takes to check a small user file against the generated types
 * (through the published `layer/schema` declarations in dist/). Generated code
 * must not make type-checking slow for users.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../src/schema/compiler/paths.js';

export function benchTypecheck(runs = 3): { seconds: number; runs: number[] } {
  const root = projectRoot();
  const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync(process.execPath, [tsc, '-p', join(root, 'bench', 'typecheck', 'tsconfig.json')], { stdio: 'inherit' });
    times.push((performance.now() - start) / 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { seconds: sorted[Math.floor(sorted.length / 2)], runs: times };
}
