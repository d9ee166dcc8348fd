import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFINITIONS } from './definitions';

describe('measure definitions', () => {
  it('are unique and every one is in the table of docs/metrics.md', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/metrics.md'), 'utf8');
    const ids = Object.values(DEFINITIONS).map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(doc).toContain(`| \`${id}\` |`);
  });
});
