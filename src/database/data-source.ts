/**
 * The data source for the TypeORM CLI (`npm run migration:generate`). Uses DATABASE_URL, or the
 * embedded database's default address (start the service once so it exists).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';

const config = loadConfig();
const url = config.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/care_coordination`;

export default new DataSource(dataSourceOptions(url, 2));
