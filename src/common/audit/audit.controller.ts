import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authorize } from '../auth/decorators';
import { Permission } from '../auth/permissions';
import { DEFAULT_LIMIT } from '../pagination';
import { AuditQueryService } from './audit-query.service';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  /** Who read or changed which patient's data, newest first. Auditors only. */
  @Get()
  @Authorize(Permission.AuditRead)
  list(@Query() q: ListAuditEventsQuery) {
    return this.audit.list({ ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }
}
