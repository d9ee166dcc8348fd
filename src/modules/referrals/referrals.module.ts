import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { DeathRegistry } from '../patients/death-registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { closeReferralsOnDeath } from './referral-deaths';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { ReferralBreachesService } from './referral-breaches.service';
import { Clock } from '../../common/clock';
import { ReferralHooks } from './referral-hooks';
import { openReferralRelationship, openReferralsSection } from './referral-relationships';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

/** The single point of access: referrals, triage, routing, response clocks and breaches. */
@Module({
  imports: [PatientsModule, TasksModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralsRepository, ReferralBreachesService, ReferralHooks],
  exports: [ReferralsService, ReferralBreachesService, ReferralHooks],
})
export class ReferralsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
    private readonly deaths: DeathRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deaths.register('referrals', closeReferralsOnDeath);
    this.relationships.register(openReferralRelationship);
    this.views.register('openReferrals', openReferralsSection(() => this.clock.now()));
  }
}
