import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { DeathRegistry } from '../patients/death-registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { closeEpisodesOnDeath } from './episode-deaths';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { activeEpisodeSection, episodeRelationship, latestRiskSection } from './caseload-relationships';
import { CaseloadsController, RiskScoresController } from './caseloads.controller';
import { CaseloadsService } from './caseloads.service';
import { EpisodeReviewService } from './episode-review.service';
import { EpisodesService } from './episodes.service';
import { CaseloadsForReferralsRepository } from './for-referrals.repository';
import { RiskScoresService } from './risk-scores.service';

/** Risk stratification (imports, the built-in model), Pro-Active Care caseloads, who next and 12-week episodes. */
@Module({
  imports: [PatientsModule, TasksModule],
  controllers: [RiskScoresController, CaseloadsController],
  providers: [RiskScoresService, CaseloadsService, EpisodesService, EpisodeReviewService, CaseloadsForReferralsRepository],
  exports: [EpisodeReviewService, EpisodesService, CaseloadsForReferralsRepository],
})
export class CaseloadsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
    private readonly deaths: DeathRegistry,
  ) {}

  onModuleInit(): void {
    this.deaths.register('episodes', closeEpisodesOnDeath);
    this.relationships.register(episodeRelationship);
    this.views.register('activeEpisode', activeEpisodeSection);
    this.views.register('latestRisk', latestRiskSection);
  }
}
