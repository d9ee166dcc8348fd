import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { MdtForCaseloadsRepository } from '../mdt/for-caseloads.repository';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { DeathRegistry } from '../patients/death-registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { CaseloadMeasures } from './caseload.measures';
import { activeEpisodeSection, episodeRelationship, latestRiskSection } from './caseload-relationships';
import { CaseloadsController, RiskScoresController } from './caseloads.controller';
import { CaseloadsRepository } from './caseloads.repository';
import { CaseloadsService } from './caseloads.service';
import { closeEpisodesOnDeath } from './episode-deaths';
import { EpisodeMeasuresRepository } from './episode-measures.repository';
import { EpisodeReviewService } from './episode-review.service';
import { EpisodesRepository } from './episodes.repository';
import { EpisodesService } from './episodes.service';
import { EpisodesAgendaSource } from './episodes.agenda-source';
import { CaseloadsForMdtRepository } from './for-mdt.repository';
import { HighRiskAgendaSource } from './high-risk.agenda-source';
import { CaseloadsForCarePlansRepository } from './for-care-plans.repository';
import { PracticeScope } from './practice-scope';
import { RiskScoresRepository } from './risk-scores.repository';
import { CaseloadsForReferralsRepository } from './for-referrals.repository';
import { RiskScoresService } from './risk-scores.service';

/** Risk stratification (imports, the built-in model), Pro-Active Care caseloads, who next and 12-week episodes. */
@Module({
  imports: [PatientsModule, TasksModule],
  controllers: [RiskScoresController, CaseloadsController],
  providers: [
    CaseloadsRepository,
    EpisodesRepository,
    RiskScoresRepository,
    EpisodeMeasuresRepository,
    CaseloadsForCarePlansRepository,
    // The MDT module's read for the caseload (last discussed). MdtModule imports this module, so its
    // read (stateless, no dependencies) is provided here rather than imported from it.
    MdtForCaseloadsRepository,
    PracticeScope,
    RiskScoresService,
    CaseloadsService,
    EpisodesService,
    EpisodeReviewService,
    CaseloadMeasures,
    // What MDT reads of caseloads, and the agenda sources over it.
    CaseloadsForMdtRepository,
    EpisodesAgendaSource,
    HighRiskAgendaSource,
    CaseloadsForReferralsRepository,
  ],
  exports: [EpisodeReviewService, EpisodesService, CaseloadsForCarePlansRepository, CaseloadsForMdtRepository, CaseloadsForReferralsRepository],
})
export class CaseloadsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
    private readonly deaths: DeathRegistry,
    private readonly metrics: MetricsRegistry,
    private readonly episodes: EpisodesRepository,
    private readonly measures: CaseloadMeasures,
  ) {}

  onModuleInit(): void {
    this.deaths.register('episodes', closeEpisodesOnDeath(this.episodes));
    this.relationships.register(episodeRelationship);
    this.views.register('activeEpisode', activeEpisodeSection);
    this.views.register('latestRisk', latestRiskSection);
    this.metrics.register(this.measures);
  }
}
