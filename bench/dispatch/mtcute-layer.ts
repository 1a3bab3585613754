/**
 * TL maps that let @mtcute/core 0.30.3 (layer 227) talk to the emulator
 * (layer 224 only, whatever invokeWithLayer says): since 224 some
 * constructors got new ids (`message` 3ae56482 is unknown to mtcute's 227
 * reader, which reconnects on it). mtcute takes reader and writer maps as
 * client options ("expert use"); these are its own 227 maps plus, for every
 * name whose 227 id is not the emulator's, the reader and writer of
 * @mtcute/tl 223.0.0 (a devDependency already) when that one has the
 * emulator's id. mtcute's codec, updates and methods stay its own.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { DEFINITIONS } from '../../src/schema/generated/meta.js';

const require = createRequire(import.meta.url);

type Reader = Record<number, unknown> & { _results: Record<string, unknown> };
type Writer = Record<string, unknown>;
type Schema = { e: { name: string; id: number }[] };

/** The files @mtcute/core does not export: its bundled maps and schema, by path. */
function coreFile(path: string): string {
  return new URL(path, import.meta.resolve('@mtcute/core')).href;
}

const idsOf = (schema: Schema) => new Map(schema.e.map((d) => [d.name, d.id]));

export async function emulatorLayerMaps(): Promise<{ readerMap: Reader; writerMap: Writer; unmatched: string[] }> {
  const { __tlReaderMap: coreReader } = (await import(coreFile('./tl/binary/reader.js'))) as { __tlReaderMap: Reader };
  const { __tlWriterMap: coreWriter } = (await import(coreFile('./tl/binary/writer.js'))) as { __tlWriterMap: Writer };
  const oldReader = (require('@mtcute/tl/binary/reader.js') as { __tlReaderMap: Reader }).__tlReaderMap;
  const oldWriter = (require('@mtcute/tl/binary/writer.js') as { __tlWriterMap: Writer }).__tlWriterMap;
  const coreIds = idsOf(JSON.parse(readFileSync(new URL(coreFile('./tl/api-schema.json')), 'utf8')) as Schema);
  const oldIds = idsOf(require('@mtcute/tl/api-schema.json') as Schema);

  const readerMap: Reader = { ...coreReader, _results: coreReader._results };
  const writerMap: Writer = { ...coreWriter };
  const unmatched: string[] = [];
  const end = DEFINITIONS.findIndex(([, name]) => name === 'resPQ');
  for (const [, name, id] of DEFINITIONS.slice(0, end)) {
    if (coreIds.get(name) === id) continue;
    if (oldIds.get(name) === id) {
      readerMap[id] = oldReader[id];
      if (oldWriter[name]) writerMap[name] = oldWriter[name];
    } else unmatched.push(name);
  }
  return { readerMap, writerMap, unmatched };
}
