import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What the reachability rule needs to know of one directory. */
export interface DirectoryMode {
  mode: number;
  uid: number;
}

/**
 * The first directory on the way to `target` (from the filesystem root down, `target` included)
 * that a user who is neither its owner nor root cannot enter: no execute bit for others. As root
 * the embedded PostgreSQL runs as the OS user `postgres`, which needs to pass through every one.
 * Pure over `modeOf`, so the rule is unit-tested without touching the disk.
 */
export function firstUnreachableDirectory(target: string, modeOf: (dir: string) => DirectoryMode | null, asUid: number | null = null): string | null {
  const chain: string[] = [];
  for (let dir = resolve(target); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const m = modeOf(dir);
    if (!m) return null; // not created yet: everything below is made by us
    if (asUid !== null && m.uid === asUid) continue;
    if ((m.mode & 0o001) === 0) return dir;
  }
  return null;
}

/** The stat behind `firstUnreachableDirectory`: null for a path that does not exist yet. */
export function directoryModeOnDisk(dir: string): DirectoryMode | null {
  try {
    const s = statSync(dir);
    return { mode: s.mode, uid: s.uid };
  } catch {
    return null;
  }
}

/** One line saying what to do when the `postgres` user cannot reach the binaries or the data. */
export function unreachableMessage(dir: string, what: string): string {
  return (
    `The embedded PostgreSQL runs as the OS user 'postgres' when started as root, and that user cannot enter ${dir} (on the way to ${what}). ` +
    `Clone the project under a directory others can enter (for example /srv or /opt), or run 'chmod o+x ${dir}', or set DATABASE_URL to an external PostgreSQL.`
  );
}
