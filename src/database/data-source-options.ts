import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { PreparedStatementClient } from './prepared-client';

/**
 * One definition of the connection, used by the app, the migration CLI and tests.
 * synchronize is never on: the schema changes only through reviewed migrations.
 */
export function dataSourceOptions(url: string, poolSize = 10, options: { preparedStatements?: boolean } = {}): DataSourceOptions {
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
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      application_name: 'care-coordination',
      // the service's pool plans each statement once per connection (prepared-client.ts)
      ...(options.preparedStatements ? { Client: PreparedStatementClient } : {}),
    },
  };
}
