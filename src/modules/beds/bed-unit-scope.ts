import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { BedUnitsRepository } from './bed-units.repository';
import { BedUnitNotManaged } from './beds.errors';
import { managesUnit } from './domain/unit-scope';

/** Bed managers act only on units run by one of their teams (issue 12, item 10): 403 otherwise. */
@Injectable()
export class BedUnitScope {
  constructor(private readonly units: BedUnitsRepository) {}

  async assertManages(em: EntityManager, ctx: RequestContext, unitId: string): Promise<void> {
    const unit = await this.units.teamOf(em, unitId);
    if (unit && !managesUnit(ctx.principal, unit.teamCode)) {
      throw new BedUnitNotManaged(`Unit ${unitId} is run by ${unit.teamCode ?? 'no team'}; your teams are ${ctx.principal.teams.join(', ') || 'none'}`);
    }
  }
}
