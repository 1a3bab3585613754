/**
 * GramJS 2.26.22 is built for layer 198; the emulator answers in layer 224
 * only (it records the layer a client declares with invokeWithLayer but does
 * not translate to it, as Telegram does). Of what a user does in the
 * end-to-end test, these constructors differ between the two: user, message,
 * messages.messages, messageReplyHeader, keyboardButtonCallback (answers
 * GramJS cannot read: "Could not find a matching Constructor ID ... 829899656"
 * at the first auth.signIn) and messages.sendMessage (a request the emulator
 * cannot decode).
 *
 * GramJS builds its `Api` classes at load time from the TL text in
 * `telegram/tl/apiTl.js`. Here GramJS's own builder is run a second time on
 * our layer-224 schema (printed from src/schema's generated metadata), and the
 * 224 constructors GramJS lacks are added to its reader table: GramJS then
 * reads the emulator's answers with its own code, and `Api224` sends the
 * requests whose form changed. Nothing of GramJS's protocol code is touched.
 */
import { createRequire, Module } from 'node:module';
import { DEFINITIONS } from '../../src/schema/generated/meta.js';

const require = createRequire(import.meta.url);

function schemaText(): string {
  const lines = (kind: 'c' | 'f') =>
    DEFINITIONS.filter((d) => d[0] === kind).map(([, name, id, result, params, generics = []]) =>
      [`${name}#${(id >>> 0).toString(16)}`, ...generics.map((g) => `{${g}:Type}`), ...params, '=', `${result};`].join(' '),
    );
  return `${lines('c').join('\n')}\n---functions---\n${lines('f').join('\n')}\n`;
}

/** GramJS's Api classes built from layer 224, made once. */
function buildApi224(): typeof import('telegram').Api {
  require('telegram'); // GramJS's own Api (198) first, so its modules are cached
  const tlPath = require.resolve('telegram/tl/apiTl.js');
  const apiPath = require.resolve('telegram/tl/api.js');
  const saved = { tl: require.cache[tlPath], api: require.cache[apiPath] };
  const text = new Module(tlPath);
  text.exports = schemaText();
  text.loaded = true;
  require.cache[tlPath] = text;
  delete require.cache[apiPath];
  try {
    return (require(apiPath) as { Api: typeof import('telegram').Api }).Api;
  } finally {
    require.cache[tlPath] = saved.tl;
    require.cache[apiPath] = saved.api;
  }
}

export const Api224 = buildApi224();

/** Teaches GramJS's reader the 224 constructors it lacks; returns the undo. */
export function readLayer224(): () => void {
  const { tlobjects } = require('telegram/tl/AllTLObjects') as { tlobjects: Record<number, unknown> };
  const added: number[] = [];
  for (const entry of Object.values(Api224) as unknown[]) {
    const classes = typeof entry === 'function' && 'CONSTRUCTOR_ID' in entry ? [entry] : Object.values(entry as object);
    for (const cls of classes as { CONSTRUCTOR_ID?: number; classType?: string }[]) {
      if (cls.CONSTRUCTOR_ID === undefined || cls.classType !== 'constructor' || cls.CONSTRUCTOR_ID in tlobjects) continue;
      tlobjects[cls.CONSTRUCTOR_ID] = cls;
      added.push(cls.CONSTRUCTOR_ID);
    }
  }
  return () => added.forEach((id) => delete tlobjects[id]);
}
