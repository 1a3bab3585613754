// npm's install step: builds the AES-NI addon (native/aes_ige.c) with the
// node-gyp that npm carries. Optional by design: if it cannot be built (no
// compiler, no headers, another CPU), layer says so and uses its WebAssembly AES.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

if (process.env.LAYER_NATIVE === '0') {
  console.log('layer: LAYER_NATIVE=0, the AES-NI addon is not built (WebAssembly AES is used)');
  process.exit(0);
}
const candidates = [
  process.env.npm_config_node_gyp,
  join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
].filter(Boolean);
const gyp = candidates.find((p) => existsSync(p));
// Node's own headers, where the machine has them: node-gyp would otherwise download them.
const prefix = join(dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir ?? (existsSync(join(prefix, 'include/node/node_api.h')) ? prefix : undefined);
const args = [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const result = gyp ? spawnSync(process.execPath, args, { stdio: 'inherit' }) : undefined;
if (!result || result.status !== 0) {
  console.log(`layer: the AES-NI addon was not built (${gyp ? `node-gyp exited with ${result.status}` : 'node-gyp not found'}); layer uses its WebAssembly AES instead, at about a third of the speed for file transfers`);
}
