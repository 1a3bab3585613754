/** `npm run schema`: regenerates src/schema/generated from ../shared/schema (or LAYER_SCHEMA_DIR). */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generate, loadModel } from './generate.js';
import { projectRoot, schemaDir } from './paths.js';

const model = loadModel(schemaDir());
const target = join(projectRoot(), 'src', 'schema', 'generated');
mkdirSync(target, { recursive: true });
for (const [file, content] of generate(model)) writeFileSync(join(target, file), content);
const mismatched = model.definitions.filter((d) => d.computedId !== undefined);
console.log(`layer ${model.layer}: ${model.constructors.size} constructors, ${model.functions.size} functions -> ${target}`);
for (const d of mismatched) {
  console.log(`note: ${d.file}:${d.line} ${d.name}#${d.id.toString(16)} differs from its CRC32 #${d.computedId!.toString(16)}; the given id is used`);
}
