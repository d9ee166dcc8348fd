import type { AppConfig } from '../config/config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR. */
export async function resolveDatabase(config: AppConfig, log: (msg: string) => void): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  log(`Starting embedded PostgreSQL (data in ${config.dataDir}, port ${config.embeddedPgPort})`);
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
  return { url: embedded.url, embedded };
}
