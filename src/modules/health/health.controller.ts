import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators';
import { DatabaseUnavailable } from '../../common/errors/domain-error';
import { HealthRepository } from './health.repository';
import { NoRateLimit } from '../../common/rate-limit/rate-limit.decorator';

const DB_CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly repository: HealthRepository,
  ) {}

  /** Liveness and database readiness: 200 when the database answers, 503 problem+json when not. */
  @Get()
  @Public()
  @NoRateLimit()
  async check() {
    const started = Date.now();
    try {
      await Promise.race([
        this.repository.ping(this.db.manager),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), DB_CHECK_TIMEOUT_MS).unref()),
      ]);
    } catch {
      throw new DatabaseUnavailable('The service is running but cannot reach its database');
    }
    return { status: 'ok', database: 'up', databaseLatencyMs: Date.now() - started };
  }
}
