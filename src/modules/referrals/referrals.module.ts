import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { Clock } from '../../common/clock';
import { CaseloadsModule } from '../caseloads/caseloads.module';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { OrganisationsModule } from '../organisations/organisations.module';
import { DeathRegistry } from '../patients/death-registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { TeamsModule } from '../teams/teams.module';
import { REFERRAL_ACTION_PROVIDERS } from './actions/referral-actions';
import { PatientReferralsRepository } from './patient-referrals.repository';
import { ReferralBreachesRepository } from './referral-breaches.repository';
import { ReferralBreachesService } from './referral-breaches.service';
import { ReferralChanges } from './referral-changes';
import { ReferralDestinationsRepository } from './referral-destinations.repository';
import { ReferralHooks } from './referral-hooks';
import { ReferralIntake } from './referral-intake.service';
import { ReferralMeasures } from './referral-measures';
import { ReferralMeasuresRepository } from './referral-measures.repository';
import { ReferralQueueRepository } from './referral-queue.repository';
import { openReferralRelationship, openReferralsSection } from './referral-relationships';
import { ReferralRoutingRepository } from './referral-routing.repository';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

const REPOSITORIES = [
  ReferralsRepository,
  ReferralDestinationsRepository,
  ReferralQueueRepository,
  ReferralRoutingRepository,
  ReferralBreachesRepository,
  PatientReferralsRepository,
  ReferralMeasuresRepository,
];

/** The single point of access: referrals, triage, routing, response clocks and breaches. */
@Module({
  imports: [PatientsModule, TasksModule, TeamsModule, OrganisationsModule, CaseloadsModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralIntake, ReferralChanges, ...REFERRAL_ACTION_PROVIDERS, ReferralBreachesService, ReferralHooks, ReferralMeasures, ...REPOSITORIES],
  exports: [ReferralsService, ReferralBreachesService, ReferralHooks, ReferralsRepository],
})
export class ReferralsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
    private readonly deaths: DeathRegistry,
    private readonly metrics: MetricsRegistry,
    private readonly measures: ReferralMeasures,
    private readonly patientReferrals: PatientReferralsRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // A death completes every open referral part with outcome `died`, and the referral with it.
    this.deaths.register('referrals', (em, patientId, diedAt) => this.patientReferrals.closeOnDeath(em, patientId, diedAt));
    this.relationships.register(openReferralRelationship);
    this.views.register('openReferrals', openReferralsSection(() => this.clock.now()));
    this.metrics.register(this.measures);
  }
}
