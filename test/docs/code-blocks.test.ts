/**
 * The README and docs/*.md show the public API in ```ts blocks: each must
 * compile against the built package (the convention is in code-blocks.ts).
 */
import { expect } from 'chai';
import { checkBlocks, extractBlocks, formatError, repoDocs } from './code-blocks.js';

describe('docs: the ```ts blocks of README.md and docs/*.md', function () {
  this.timeout(60_000);

  it('each type-checks against the package, as a user imports it', () => {
    const blocks = repoDocs().flatMap(({ doc, text }) => extractBlocks(doc, text));
    expect(blocks.length).to.be.greaterThan(10);
    const errors = checkBlocks(blocks);
    expect(errors.map(formatError).join('\n'), `${errors.length} errors`).to.equal('');
  });

  it('reports a wrong example at its document, block and line; skips only what says why', () => {
    const doc = [
      '# a doc',
      '```ts',
      "import { testBot } from 'layer/framework/testing';",
      "import { MyHandlers } from '../src/my.handlers.js';   // the user's own code: stubbed",
      'const t = await testBot({ handlers: [MyHandlers] });',
      '```',
      '',
      '```sh',
      '```ts inside another fence is not a block',
      '```',
      '<!-- not checked: a deliberate sketch -->',
      '```ts',
      'this is not TypeScript',
      '```',
      '- in a list:',
      '  ```ts',
      "  import { startEmulator } from 'layer/emulator';",
      '  await client.noSuchMethod(await startEmulator());',
      '  ```',
    ].join('\n');
    const blocks = extractBlocks('docs/sample.md', doc);
    expect(blocks.map((b) => [b.index, b.line, b.skipped])).to.deep.equal([[1, 3, undefined], [2, 13, 'a deliberate sketch'], [3, 17, undefined]]);
    expect(blocks[2].code).to.match(/^import/);

    const errors = checkBlocks(blocks);
    expect(errors.map((e) => [e.doc, e.block, e.line, e.column])).to.deep.equal([['docs/sample.md', 3, 18, 14]]);
    expect(errors[0].message).to.match(/TS2339: Property 'noSuchMethod' does not exist on type 'Client'/);
    expect(formatError(errors[0])).to.match(/^docs\/sample\.md:18:14 \(block 3\): TS2339/);
  });

  it('refuses an opt-out without a reason, and a block never closed', () => {
    expect(() => extractBlocks('x.md', '<!-- not checked: -->\n```ts\nx\n```')).to.throw(/x\.md:1: "not checked" needs a reason/);
    expect(() => extractBlocks('x.md', 'text\n```ts\nx')).to.throw(/x\.md:2: a ```ts block is never closed/);
  });
});
