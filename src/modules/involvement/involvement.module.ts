import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { TeamsModule } from '../teams/teams.module';
import { InvolvementController } from './involvement.controller';
import { explicitInvolvementRelationship } from './involvement-relationships';
import { InvolvementService } from './involvement.service';
import { InvolvementsRepository } from './involvements.repository';
import { TeamSubscriptionsRepository } from './team-subscriptions.repository';

/** Explicit involvement additions (reason + end date) and team subscriptions. */
@Module({
  imports: [TeamsModule],
  controllers: [InvolvementController],
  providers: [InvolvementService, InvolvementsRepository, TeamSubscriptionsRepository],
  exports: [InvolvementService, InvolvementsRepository, TeamSubscriptionsRepository],
})
export class InvolvementModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
  ) {}

  onModuleInit(): void {
    this.relationships.register(explicitInvolvementRelationship);
  }
}
