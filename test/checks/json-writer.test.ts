import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { LazyArray, writeJsonFile, writeLinesFile } from '../../lib/checks/json-writer';
import { RUNS, SEED } from '../fuzz/config';

describe('streamed report writing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'json-writer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'out.json');

  test(`writes exactly what JSON.stringify(value, null, 2) does (property, ${RUNS} runs)`, () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, (v) => {
      if (v === undefined) return; // JSON.stringify(undefined) is not a document
      writeJsonFile(file, v);
      expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(v, null, 2)}\n`);
    }), { numRuns: RUNS, seed: SEED });
  });

  test('large values cross the chunk boundary intact; a LazyArray writes as the array it stands for', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ i, text: `finding ${i} "quoted" ${'é'.repeat(i % 7)}`, nested: { ok: i % 2 === 0, none: undefined } }));
    writeJsonFile(file, { tool: 'x', results: new LazyArray(items.length, (i) => items[i]), empty: new LazyArray(0, () => 1) });
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify({ tool: 'x', results: items, empty: [] }, null, 2)}\n`);
    // and JSON.stringify itself sees the array too
    expect(JSON.stringify(new LazyArray(2, (i) => i * 10))).toBe('[0,10]');
  });

  test('lines', () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `| row ${i} | ${'x'.repeat(i % 13)} |`);
    writeLinesFile(file, lines);
    expect(readFileSync(file, 'utf8')).toBe(`${lines.join('\n')}\n`);
  });
});
