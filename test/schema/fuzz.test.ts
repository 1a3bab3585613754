import { expect } from 'chai';
import { fuzz } from './fuzz.js';

describe('schema: fuzzing decode', () => {
  it('random and mutated encodings give a value or a TlDecodeError, nothing else (3 s)', function () {
    this.timeout(30000);
    const seed = Date.now() & 0xffff;
    const report = fuzz(3, seed);
    expect(report.tried).to.be.greaterThan(1000);
    expect(report.decoded, 'some mutations should still decode').to.be.greaterThan(0);
    expect(report.failures, `replay with: npm run fuzz -- 3 ${seed}\n${JSON.stringify(report.failures.slice(0, 2), null, 1)}`).to.deep.equal([]);
  });
});
