import { firstUnreachableDirectory, unreachableMessage } from './reachable';

const modes = (m: Record<string, number>) => (dir: string) => (dir in m ? { mode: 0o040000 | m[dir], uid: 0 } : null);

describe('firstUnreachableDirectory (who the postgres user can pass)', () => {
  it('passes a chain of directories others may enter', () => {
    expect(firstUnreachableDirectory('/work/app/.data', modes({ '/': 0o755, '/work': 0o755, '/work/app': 0o755, '/work/app/.data': 0o755 }))).toBeNull();
  });

  it('names the first private directory, the way root’s home is private', () => {
    const m = modes({ '/': 0o755, '/root': 0o700, '/root/app': 0o755, '/root/app/.data': 0o755 });
    expect(firstUnreachableDirectory('/root/app/.data', m)).toBe('/root');
  });

  it('counts only the execute bit for others (read is not needed to pass through)', () => {
    expect(firstUnreachableDirectory('/a/b', modes({ '/': 0o755, '/a': 0o711, '/a/b': 0o755 }))).toBeNull();
    expect(firstUnreachableDirectory('/a/b', modes({ '/': 0o755, '/a': 0o754, '/a/b': 0o755 }))).toBe('/a');
  });

  it('stops at a directory that does not exist yet (we create it)', () => {
    expect(firstUnreachableDirectory('/srv/new/data', modes({ '/': 0o755, '/srv': 0o755 }))).toBeNull();
  });

  it('lets the postgres user through directories it owns', () => {
    const owned = (dir: string) => (dir === '/' ? { mode: 0o040755, uid: 0 } : { mode: 0o040700, uid: 999 });
    expect(firstUnreachableDirectory('/var/lib/pg', owned, 999)).toBe(null);
  });

  it('says what to do in one line', () => {
    const line = unreachableMessage('/root', 'the embedded PostgreSQL binaries');
    expect(line).not.toContain('\n');
    expect(line).toContain("chmod o+x /root");
    expect(line).toContain('DATABASE_URL');
  });
});
