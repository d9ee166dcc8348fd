import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { careCoordinator, practiceAlignment, registeredPractice } from './patient-relationships';
import { PatientPatchController } from './patient-patch.controller';
import { PatientPatchService } from './patient-patch.service';
import { DeathRegistry } from './death-registry';
import { PatientsForIdentityRepository } from './for-identity.repository';
import { PatientsForIntegrationsRepository } from './for-integrations.repository';
import { PatientMergeController } from './merge/patient-merge.controller';
import { PatientMergeService } from './merge/patient-merge.service';
import { PatientViewRegistry } from './patient-view.registry';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';

@Module({
  controllers: [PatientsController, PatientPatchController, PatientMergeController],
  providers: [PatientsService, PatientViewRegistry, PatientPatchService, PatientMergeService, DeathRegistry, PatientsForIdentityRepository, PatientsForIntegrationsRepository],
  exports: [PatientsService, PatientViewRegistry, PatientMergeService, DeathRegistry, PatientsForIdentityRepository, PatientsForIntegrationsRepository],
})
export class PatientsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
  ) {}

  onModuleInit(): void {
    this.relationships.register(practiceAlignment);
    this.relationships.register(careCoordinator);
    this.relationships.register(registeredPractice);
    this.views.register('openAlerts', async (em, patient) => {
      const rows: { id: string; type: string; team_code: string; created_at: Date }[] = await em.query(
        `SELECT id, type, team_code, created_at FROM alerts WHERE patient_id = $1 AND status = 'open' ORDER BY created_at DESC LIMIT 50`,
        [patient.id],
      );
      return { openAlerts: rows.map((r) => ({ id: r.id, type: r.type, teamCode: r.team_code, createdAt: r.created_at.toISOString() })) };
    });
  }
}
