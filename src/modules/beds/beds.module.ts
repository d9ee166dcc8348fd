import { Module, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { Clock } from '../../common/clock';
import { AdmissionHooks } from '../admissions/admission-hooks';
import { AdmissionsModule } from '../admissions/admissions.module';
import { AdmissionsForResidencesModule } from '../admissions/for-residences.module';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { DeathRegistry } from '../patients/death-registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { PatientsModule } from '../patients/patients.module';
import { TeamsModule } from '../teams/teams.module';
import { ReferralsForResidencesModule } from '../referrals/for-residences.module';
import { ReferralHooks, ReferralPartEvent } from '../referrals/referral-hooks';
import { ReferralsModule } from '../referrals/referrals.module';
import { ResidencesModule } from '../residences/residences.module';
import { BedAllocationsRepository } from './bed-allocations.repository';
import { BedAllocator } from './bed-allocator';
import { closeBedsOnDeath } from './bed-deaths';
import { BedDemandRepository } from './bed-demand.repository';
import { BedDemandService } from './bed-demand.service';
import { BedMeasures } from './bed-measures';
import { BedMeasuresRepository } from './bed-measures.repository';
import { BedMixService } from './bed-mix.service';
import { BedPatientGate } from './bed-patient-gate';
import { BedReferencesRepository } from './bed-references.repository';
import { BedRequestCloser } from './bed-request-closer';
import { BedRequestClosingRepository } from './bed-request-closing.repository';
import { BedRequestLinks, priorityForUrgency } from './bed-request-links';
import { bedRequestRelationship, bedSections, bedStayRelationship } from './bed-relationships';
import { BedAllocationsController, BedRequestsController, BedStaysController } from './bed-requests.controller';
import { BedRequestsRepository } from './bed-requests.repository';
import { BedRequestsService } from './bed-requests.service';
import { BedStaysRepository } from './bed-stays.repository';
import { BedSweeper } from './bed-sweeper';
import { BedSystemMixService } from './bed-system-mix.service';
import { BedUnitScope } from './bed-unit-scope';
import { BedUnitsController } from './bed-units.controller';
import { BedUnitsRepository } from './bed-units.repository';
import { BedUnitsService } from './bed-units.service';
import { BedsController } from './beds.controller';
import { BedsRepository } from './beds.repository';

const REPOSITORIES = [
  BedUnitsRepository,
  BedsRepository,
  BedRequestsRepository,
  BedRequestClosingRepository,
  BedStaysRepository,
  BedAllocationsRepository,
  BedDemandRepository,
  BedReferencesRepository,
  BedMeasuresRepository,
];

/** Step-up / step-down community beds: units, the bed board, requests, the allocator, stays, mix and capacity. */
@Module({
  imports: [PatientsModule, TeamsModule, AdmissionsModule, ReferralsModule, ResidencesModule, AdmissionsForResidencesModule, ReferralsForResidencesModule],
  controllers: [BedUnitsController, BedsController, BedRequestsController, BedStaysController, BedAllocationsController],
  providers: [
    ...REPOSITORIES,
    BedAllocator,
    BedMixService,
    BedPatientGate,
    BedUnitScope,
    BedUnitsService,
    BedRequestsService,
    BedSweeper,
    BedRequestCloser,
    BedRequestLinks,
    BedSystemMixService,
    BedDemandService,
    BedMeasures,
  ],
  exports: [BedAllocator, BedRequestsService, BedUnitsService, BedRequestCloser, BedSystemMixService, BedMeasuresRepository],
})
export class BedsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
    private readonly admissionHooks: AdmissionHooks,
    private readonly closer: BedRequestCloser,
    private readonly referralHooks: ReferralHooks,
    private readonly links: BedRequestLinks,
    private readonly deaths: DeathRegistry,
    private readonly metrics: MetricsRegistry,
    private readonly measures: BedMeasures,
    private readonly stays: BedStaysRepository,
    private readonly beds: BedsRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deaths.register('beds', closeBedsOnDeath(this.closer, this.stays, this.beds));
    this.relationships.register(bedStayRelationship);
    this.relationships.register(bedRequestRelationship);
    this.views.register('bedStay', bedSections);
    this.metrics.register(this.measures);
    // Admitted to an acute hospital: the step-up request (admission avoidance) has nothing left to avoid.
    this.admissionHooks.onAdmitted(async (em, e) => {
      if (e.hospitalType === 'acute_trust') await this.closer.closeStepUpForHospitalAdmission(em, e.patientId, this.clock.now());
    });
    // Discharged to a step-down bed: the step-down request, unless the admission already has one.
    this.admissionHooks.onDischarged(async (em, e) => {
      if (e.destination !== 'step_down_bed') return;
      await this.links.raise(em, { patientId: e.patientId, direction: 'step_down', source: 'admission', admissionId: e.admissionId, priority: 'routine', teamCode: e.teamCode, by: e.by });
    });
    // Triage to the step-up bed service, or a part completed with outcome step_up_bed: the step-up request.
    const stepUp = (source: 'referral') => async (em: EntityManager, e: ReferralPartEvent) => {
      await this.links.raise(em, { patientId: e.patientId, direction: 'step_up', source, referralId: e.referralId, priority: priorityForUrgency(e.urgency), teamCode: e.teamCode, by: e.by });
    };
    this.referralHooks.onRouted(async (em, e) => (e.service === 'step_up_bed' ? stepUp('referral')(em, e) : undefined));
    this.referralHooks.onPartCompleted(async (em, e) => (e.outcome === 'step_up_bed' ? stepUp('referral')(em, e) : undefined));
    this.referralHooks.addSection(async (em, referralId) => ({ bedRequests: await this.links.forReferral(em, referralId) }));
  }
}
