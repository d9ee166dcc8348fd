import { chmod, mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { freePort } from '../../scripts/free-ports';

// As root the cluster runs as the `postgres` user: a data directory under a private (0700) parent
// used to crash deep inside initdb with EACCES. It now stops at once with one line saying what to do.
// Only root runs PostgreSQL as another user, so only root can meet this.
const asRoot = process.getuid?.() === 0;

describe('embedded PostgreSQL under a private directory', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'cc-private-'));
    await chmod(parent, 0o700);
    await mkdir(join(parent, 'clone'));
  });
  afterAll(() => rm(parent, { recursive: true, force: true }));

  (asRoot ? it : it.todo)('stops with one line naming the directory and what to do', async () => {
    const started = startEmbeddedPostgres({ dataDir: join(parent, 'clone', '.data'), port: await freePort(), persistent: false });
    await expect(started).rejects.toThrow(new RegExp(`cannot enter ${parent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*chmod o\\+x .*DATABASE_URL`));
  });
});
