import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

/**
 * One definition of the connection, used by the app, the migration CLI and tests.
 * synchronize is never on: the schema changes only through reviewed migrations.
 */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    // Compiled migrations under dist/migrations (or the .ts sources when run through Jest's transform).
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, application_name: 'care-coordination' },
  };
}
