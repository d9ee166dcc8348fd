import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Relationship } from './domain/access-policy';

export interface PatientRef {
  id: string;
  gpPracticeOds: string | null;
  careCoordinatorStaffId: string | null;
  careCoordinatorTeamCode: string | null;
}

/**
 * A source of "this team knows this patient". Each capability registers its own (practice
 * alignment, care coordinator, open referral, episode, bed stay, care plan authorship...) in its
 * module's onModuleInit, so access checks and admission alerts need no change when one is added.
 */
export interface RelationshipProvider {
  readonly name: string;
  relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]>;
}

@Injectable()
export class RelationshipRegistry {
  private readonly providers: RelationshipProvider[] = [];

  register(provider: RelationshipProvider): void {
    if (!this.providers.some((p) => p.name === provider.name)) this.providers.push(provider);
  }

  async relationshipsOf(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const all = await Promise.all(this.providers.map((p) => p.relationships(em, patient)));
    return all.flat();
  }
}
