import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containsSubset, docScript, fencedBlocks, shellCommands } from '../../scripts/docs-check/markdown';
import { documents, runDocument } from '../../scripts/docs-check/run';

/**
 * The docs check itself (issue 20): a small fixture document run against a real local HTTP server
 * passes as written and fails, naming the line, when a documented status, body or command stops
 * matching. `npm run test:docs` runs the same runner over README.md and docs/*.md.
 */
const root = join(__dirname, '..', '..');
const fixture = readFileSync(join(__dirname, 'fixture.md'), 'utf8');
const lineOf = (md: string, text: string) => md.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('reading a walkthrough', () => {
  it('splits commands across continuations, open quotes and heredocs, and reads trailing status claims', () => {
    const cmds = shellCommands(
      [
        `curl -s -X POST $API/x \\`,
        `  -d '{ "a": "# not a comment",`,
        `        "b": 1 }'   # 201, created`,
        `cat > f.json <<'EOF'`,
        `{ "x": "# 404" }`,
        `EOF`,
        `X=$(curl -s $API/y)  # 404`,
        `echo "# 500"`,
        `curl -s $API/z   # the list`,
      ].join('\n'),
    );
    expect(cmds.map((c) => [c.firstLine, c.lastLine, c.expectStatus])).toEqual([
      [1, 3, 201],
      [4, 6, undefined],
      [7, 7, 404],
      [8, 8, undefined],
      [9, 9, undefined],
    ]);
  });

  it('runs sh/bash blocks, never no-run ones, and takes a json block right after a run block as its expected body', () => {
    const blocks = fencedBlocks(fixture);
    expect(blocks.map((b) => [b.lang, b.flags[0] ?? '', b.adjacentToPrevious])).toEqual([
      ['sh', '', false],
      ['sh', '', false],
      ['json', '', true],
      ['json', '', false],
      ['sh', 'no-run', true],
    ]);
    const doc = docScript('fixture.md', fixture, '127.0.0.1:9');
    expect(doc).toMatchObject({ blocksRun: 2, claims: 2, problems: [] });
    expect(doc.expectations).toHaveLength(1);
    expect(doc.script).toContain('http://127.0.0.1:9/api/v1');
    expect(doc.script).not.toContain('localhost:3000');
    expect(doc.script).not.toContain('$API/boom');
  });

  it('insists on a reason for no-run and on valid JSON right after a run block', () => {
    const bad = fixture.replace('```sh no-run the fixture server has no stream', '```sh no-run').replace('{ "id": "t-1", "tags": ["b"] }', '{ "id": "…", … }');
    expect(docScript('fixture.md', bad, 'h:1').problems).toEqual([
      expect.stringContaining(`fixture.md:${lineOf(bad, '```json')}: a json block right after a run block`),
      expect.stringContaining(`fixture.md:${lineOf(bad, '```sh no-run')}: a no-run block must say why`),
    ]);
  });

  it('matches JSON by subset', () => {
    expect(containsSubset({ a: 1, b: [{ c: 2, d: 3 }, { c: 4 }] }, { b: [{ c: 4 }] })).toBe(true);
    expect(containsSubset({ a: 1 }, { a: 2 })).toBe(false);
    expect(containsSubset({ a: [1] }, { a: [2] })).toBe(false);
    expect(containsSubset({ a: null }, { a: null })).toBe(true);
    expect(containsSubset({}, { a: null })).toBe(false);
  });

  it('finds README.md and every docs/*.md without a list to maintain', () => {
    const docs = documents(root);
    expect(docs[0]).toBe('README.md');
    expect(docs).toEqual(expect.arrayContaining(['docs/referrals.md', 'docs/api.md']));
  });
});

describe('running a walkthrough against a server', () => {
  let server: Server;
  let hostPort: string;
  let dir: string;
  let tokenScript: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/api/v1/boom') return json(500, { code: 'INTERNAL_ERROR' });
      if (req.headers.authorization !== 'Bearer fixture-token') return json(401, { code: 'UNAUTHENTICATED' });
      if (req.method === 'POST' && req.url === '/api/v1/things') return json(201, { id: 't-1', status: 'new', tags: ['a', 'b'] });
      if (req.method === 'GET' && req.url === '/api/v1/things/t-1') return json(200, { id: 't-1', status: 'new', tags: ['a', 'b'] });
      return json(404, { code: 'ROUTE_NOT_FOUND' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    hostPort = `127.0.0.1:${(server.address() as { port: number }).port}`;
    dir = await mkdtemp(join(tmpdir(), 'docs-check-test-'));
    // Stands in for the compiled token script: the server only accepts this token.
    tokenScript = join(dir, 'token.js');
    await writeFile(tokenScript, "process.stdout.write('fixture-token\\n');\n");
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  const run = (md: string) => runDocument('fixture.md', md, { root, hostPort, tokenScript, timeoutMs: 60_000 });

  it('passes as written', async () => {
    const r = await run(fixture);
    expect(r.output).not.toContain('DOCS-CHECK FAILED');
    expect(r).toMatchObject({ ok: true, blocksRun: 2, claims: 2 });
    expect(r.output).toContain("'npm start' is what the harness does itself");
  });

  it('fails on a status claim that no longer matches, naming the line', async () => {
    const md = fixture.replace("/\\1/')   # 201", "/\\1/')   # 200");
    const r = await run(md);
    expect(r.ok).toBe(false);
    expect(r.output).toContain(`DOCS-CHECK FAILED fixture.md:${lineOf(md, '# 200')}: claims 200, got 201`);
  });

  it('fails when the response no longer contains the JSON shown', async () => {
    const md = fixture.replace('{ "id": "t-1", "tags": ["b"] }', '{ "id": "t-1", "status": "old" }');
    const r = await run(md);
    expect(r.ok).toBe(false);
    expect(r.output).toContain(`DOCS-CHECK FAILED fixture.md:${lineOf(md, '"status": "old"') - 1}: the response does not contain the JSON shown`);
  });

  it('fails on any 5xx or refused connection, claimed or not', async () => {
    const r = await run(fixture.replace('```sh no-run the fixture server has no stream', '```sh'));
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/DOCS-CHECK FAILED fixture.md:\d+: a request in this block answered 500/);
    const refused = await runDocument('fixture.md', fixture, { root, hostPort: '127.0.0.1:9', tokenScript, timeoutMs: 60_000 });
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('claims 201, got 000');
  });

  it('stops on an npm command the harness cannot stand behind', async () => {
    const r = await run(fixture.replace('npm ci\n', 'npm run seed\n'));
    expect(r.ok).toBe(false);
    expect(r.output).toContain("'npm run seed' cannot run in a checked walkthrough");
  });
});
