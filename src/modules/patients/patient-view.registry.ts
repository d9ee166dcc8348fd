import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PatientEntity } from './patient.entity';

/** A capability's part of the single patient view, e.g. { openReferrals: [...] }. */
export type PatientViewContributor = (em: EntityManager, patient: PatientEntity) => Promise<Record<string, unknown>>;

@Injectable()
export class PatientViewRegistry {
  private readonly contributors = new Map<string, PatientViewContributor>();

  register(name: string, contributor: PatientViewContributor): void {
    this.contributors.set(name, contributor);
  }

  async sectionsFor(em: EntityManager, patient: PatientEntity): Promise<Record<string, unknown>> {
    // One after another: they share the caller's transaction, which is one connection.
    const sections: Record<string, unknown> = {};
    for (const contribute of this.contributors.values()) Object.assign(sections, await contribute(em, patient));
    return sections;
  }
}
