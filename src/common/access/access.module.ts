import { Global, Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { PatientAccessService } from './patient-access.service';
import { RelationshipRegistry } from './relationship-registry';

/** Audit, the relationship registry and the patient access gate, available everywhere. */
@Global()
@Module({
  providers: [AuditService, RelationshipRegistry, PatientAccessService],
  exports: [AuditService, RelationshipRegistry, PatientAccessService],
})
export class AccessModule {}
