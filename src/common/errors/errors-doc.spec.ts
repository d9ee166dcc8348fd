import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every code the code can answer with: `code = 'X'`, and `super('X'` / `new NotFound('X'` / `new Conflict('X'`. */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const patterns = [/\bcode = '([A-Z][A-Z0-9_]+)'/g, /(?:super|new (?:NotFound|Conflict))\(\s*'([A-Z][A-Z0-9_]{3,})'/g];
  for (const file of sources(join(__dirname, '../..'))) {
    const text = readFileSync(file, 'utf8');
    for (const p of patterns) for (const m of text.matchAll(p)) codes.add(m[1]);
  }
  return codes;
}

describe('docs/errors.md', () => {
  it('lists every error code the service can answer with', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');
    const codes = codesInSource();
    expect(codes.size).toBeGreaterThan(15);
    const missing = [...codes].filter((c) => !doc.includes(`\`${c}\``));
    expect(missing).toEqual([]);
  });
});
