import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { InvolvementController } from './involvement.controller';
import { explicitInvolvementRelationship } from './involvement-relationships';
import { InvolvementService } from './involvement.service';

/** Explicit involvement additions (reason + end date) and team subscriptions. */
@Module({
  controllers: [InvolvementController],
  providers: [InvolvementService],
  exports: [InvolvementService],
})
export class InvolvementModule implements OnModuleInit {
  constructor(private readonly relationships: RelationshipRegistry) {}

  onModuleInit(): void {
    this.relationships.register(explicitInvolvementRelationship);
  }
}
