import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp, createTestApp } from '../support/app';

/**
 * The contract in the repository (docs/api.md) and the service's OpenAPI document stay in step:
 * every route listed exists, every route exists in the list; and no doc points outside the repo.
 */
const root = join(__dirname, '..', '..');
const ROUTE = /`(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/[^`\s]*|\/fhir\/R4[^`\s]*|\/health)`/g;

function documented(): Set<string> {
  const md = readFileSync(join(root, 'docs', 'api.md'), 'utf8');
  return new Set([...md.matchAll(ROUTE)].map((m) => `${m[1]} ${m[2]}`));
}

describe('docs/api.md and /docs-json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('list the same routes', async () => {
    const openapi = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const served = new Set(
      Object.entries(openapi.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const doc = documented();
    expect([...served].filter((r) => !doc.has(r)).sort()).toEqual([]);
    expect([...doc].filter((r) => !served.has(r)).sort()).toEqual([]);
  });
});

describe('docs/errors.md', () => {
  it('lists each code once', () => {
    const codes = [...readFileSync(join(root, 'docs', 'errors.md'), 'utf8').matchAll(/^\| `([A-Z_]+)` \| \d{3} \|/gm)].map((m) => m[1]);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
    expect(codes.length).toBeGreaterThan(20);
  });
});

describe('documentation stays in the repository', () => {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

  it.each(files)('%s: every relative link resolves to a file in the repository', (file) => {
    const md = readFileSync(join(root, file), 'utf8');
    const missing = [...md.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((href) => !/^[a-z]+:/i.test(href))
      .filter((href) => {
        try {
          readFileSync(join(root, file, '..', href));
          return false;
        } catch {
          return true;
        }
      });
    expect(missing).toEqual([]);
  });

  it.each(files)('%s: does not send the reader to a contract outside the repository', (file) => {
    const md = readFileSync(join(root, file), 'utf8');
    expect(md).not.toMatch(/\.\.\/shared|`api\.md`/);
  });
});
