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

/**
 * The usual provider: the teams a query finds for the patient, each knowing the patient by the
 * provider's name (an open referral, an inpatient admission, a bed stay...).
 */
export function teamsRelationship(name: string, teamsOf: (em: EntityManager, patient: PatientRef) => Promise<string[]>): RelationshipProvider {
  return {
    name,
    async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
      return (await teamsOf(em, patient)).map((teamCode) => ({ teamCode, relationship: name }));
    },
  };
}

@Injectable()
export class RelationshipRegistry {
  private readonly providers: RelationshipProvider[] = [];

  register(provider: RelationshipProvider): void {
    if (!this.providers.some((p) => p.name === provider.name)) this.providers.push(provider);
  }

  async relationshipsOf(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    // One after another: they share the caller's transaction, which is one connection.
    const all: Relationship[] = [];
    for (const p of this.providers) all.push(...(await p.relationships(em, patient)));
    return all;
  }
}
