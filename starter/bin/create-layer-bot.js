#!/usr/bin/env node
// `npm create layer-bot my-bot` runs this. Plain ESM JavaScript on node's own
// modules: it runs straight from npm's cache, with no install or build step.
import { main } from '../lib/cli.js';

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), out: process.stdout, err: process.stderr });
