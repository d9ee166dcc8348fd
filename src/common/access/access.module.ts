import { Global, Module } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { PatientAccessRepository } from './patient-access.repository';
import { PatientAccessService } from './patient-access.service';
import { RelationshipRegistry } from './relationship-registry';

/** Audit, the relationship registry and the patient access gate (with how it loads the patient), available everywhere. */
@Global()
@Module({
  providers: [AuditRepository, AuditService, RelationshipRegistry, PatientAccessRepository, PatientAccessService],
  exports: [AuditRepository, AuditService, RelationshipRegistry, PatientAccessRepository, PatientAccessService],
})
export class AccessModule {}
