import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, loadModel, SCHEMA_FILES } from '../../src/schema/compiler/generate.js';
import { projectRoot, schemaDir } from '../../src/schema/compiler/paths.js';

describe('schema/generated: committed code matches the schema', () => {
  const dir = schemaDir();
  const present = SCHEMA_FILES.every((f) => existsSync(join(dir, f)));

  it('regenerating from ../shared/schema gives exactly the committed files', function () {
    if (!present) {
      // The .tl files are not part of the project; without them there is nothing to compare against.
      this.skip();
    }
    const model = loadModel(dir);
    expect(model.layer).to.equal(224);
    for (const [file, content] of generate(model)) {
      const committed = readFileSync(join(projectRoot(), 'src', 'schema', 'generated', file), 'utf8');
      expect(committed === content, `src/schema/generated/${file} drifted from the schema: run npm run schema`).to.equal(true);
    }
  });
});
