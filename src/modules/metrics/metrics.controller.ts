import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import { measuresToCsv } from './domain/measures';
import { MetricsQuery, TrendQuery } from './dto/metrics.query';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Aggregate outcome measures (Better Care Fund and local KPIs), small numbers suppressed; `?format=csv` for CSV. */
  @Get()
  @Authorize(Permission.MetricsRead)
  @ApiProduces('application/json', 'text/csv')
  @Header('Cache-Control', 'no-store')
  async report(@Query() q: MetricsQuery, @Res({ passthrough: true }) res: Response) {
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const report = await this.metrics.report(this.metrics.filter(q), undefined, gone.signal);
    if (q.format !== 'csv') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="metrics.csv"');
    return measuresToCsv(report.measures);
  }

  /** Weekly step-down share of bed admissions against the target and control limits (aggregate). */
  @Get('step-down-trend')
  @Authorize(Permission.BedMixRead)
  trend(@Query() q: TrendQuery) {
    return this.metrics.stepDownTrend(q);
  }
}
