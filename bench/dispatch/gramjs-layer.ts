/**
 * Makes GramJS speak the emulator's TL layer. GramJS 2.26.22 is built on
 * layer 198 and the emulator serves layer 224 only (whatever invokeWithLayer
 * says), so GramJS cannot read the emulator's `user`, `message` or `updates`
 * (their constructor ids changed since 198). GramJS builds its `Api` classes
 * at load time from the text of its api.tl (`telegram/tl/apiTl.js`); this
 * module, imported before anything loads GramJS, puts layer 224's api.tl in
 * its place, written back from our generated schema metadata. GramJS's
 * codec, update handling, entity cache and methods stay its own.
 */
import { createRequire } from 'node:module';
import { DEFINITIONS } from '../../src/schema/generated/meta.js';

const require = createRequire(import.meta.url);

/** api.tl of our layer: the definitions before mtproto.tl's first (resPQ), constructors then functions. */
function apiTl(): string {
  const end = DEFINITIONS.findIndex(([, name]) => name === 'resPQ');
  const line = ([, name, id, result, params, generics]: (typeof DEFINITIONS)[number]) =>
    [`${name}#${id.toString(16).padStart(8, '0')}`, ...(generics ?? []).map((g) => `{${g}:Type}`), ...params, '=', `${result};`].join(' ');
  const api = DEFINITIONS.slice(0, end);
  return [...api.filter(([kind]) => kind === 'c').map(line), '---functions---', ...api.filter(([kind]) => kind === 'f').map(line)].join('\n');
}

const path = require.resolve('telegram/tl/apiTl.js');
if (require.cache[path]) throw new Error('gramjs-layer must be imported before GramJS is loaded');
require.cache[path] = { id: path, filename: path, loaded: true, exports: apiTl() } as unknown as NodeJS.Module;
