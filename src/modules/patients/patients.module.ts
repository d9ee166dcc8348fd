import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { OPEN_ALERTS_OF_PATIENT } from '../alerts/alerts.repository';
import { careCoordinator, practiceAlignment, registeredPractice } from './patient-relationships';
import { PatientPatchController } from './patient-patch.controller';
import { PatientPatchService } from './patient-patch.service';
import { DeathRegistry } from './death-registry';
import { PatientsForReferralsRepository } from './for-referrals.repository';
import { PatientsForIdentityRepository } from './for-identity.repository';
import { PatientsForIntegrationsRepository } from './for-integrations.repository';
import { PatientMergeController } from './merge/patient-merge.controller';
import { MergeRepository } from './merge/merge.repository';
import { PatientMergeService } from './merge/patient-merge.service';
import { PatientViewRegistry, iso, viewSection } from './patient-view.registry';
import { PatientsController } from './patients.controller';
import { PatientsRepository } from './patients.repository';
import { PatientsService } from './patients.service';
import { TasksModule } from '../tasks/tasks.module';

@Module({
  imports: [TasksModule],
  controllers: [PatientsController, PatientPatchController, PatientMergeController],
  providers: [
    PatientsRepository,
    MergeRepository,
    PatientsService,
    PatientViewRegistry,
    PatientPatchService,
    PatientMergeService,
    DeathRegistry,
    PatientsForReferralsRepository,
    PatientsForIdentityRepository,
    PatientsForIntegrationsRepository,
  ],
  exports: [PatientsService, PatientViewRegistry, PatientMergeService, DeathRegistry, PatientsForReferralsRepository, PatientsForIdentityRepository, PatientsForIntegrationsRepository],
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
    this.views.register(
      'openAlerts',
      viewSection({ alerts: OPEN_ALERTS_OF_PATIENT }, ({ alerts }) => ({
        openAlerts: alerts.map((r) => ({ id: r.id, type: r.type, teamCode: r.teamCode, createdAt: iso(r.createdAt) })),
      })),
    );
  }
}
