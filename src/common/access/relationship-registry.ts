import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Relationship } from './domain/access-policy';
import { RelationshipRowsRepository, type RelationshipRow } from './relationship-rows.repository';

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
 *
 * A provider that reads its own tables gives `sql`: a SELECT over the patient `$1` (their id;
 * `$2` is their registered practice's ODS code, or NULL), written in the owner's repository. The
 * registry runs every provider's SQL as one statement, so a patient's relationships cost one round
 * trip however many capabilities there are; `relationships` turns the provider's rows (and the
 * patient) into relationships. A provider without `sql` answers from the patient alone.
 */
export interface RelationshipProvider {
  readonly name: string;
  readonly sql?: string;
  relationships(rows: RelationshipRow[], patient: PatientRef): Relationship[];
}

/**
 * The usual provider: the teams its SQL finds for the patient (column `team_code`), each knowing
 * the patient by the provider's name (an open referral, an inpatient admission, a bed stay...).
 */
export function teamsRelationship(name: string, sql: string): RelationshipProvider {
  return {
    name,
    sql,
    relationships: (rows) => rows.map((r) => ({ teamCode: String(r.team_code), relationship: name })),
  };
}

@Injectable()
export class RelationshipRegistry {
  private readonly providers: RelationshipProvider[] = [];
  private readonly rows = new RelationshipRowsRepository();

  register(provider: RelationshipProvider): void {
    if (!this.providers.some((p) => p.name === provider.name)) this.providers.push(provider);
  }

  /** Every provider's relationships, in the order the providers were registered; one statement. */
  async relationshipsOf(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const withSql = this.providers.filter((p) => p.sql !== undefined);
    const rows = withSql.length ? await this.rows.of(em, withSql.map((p) => p.sql as string), patient.id, patient.gpPracticeOds) : [];
    return this.providers.flatMap((p) => {
      const k = withSql.indexOf(p);
      return p.relationships(k < 0 ? [] : rows.filter((r) => r.k === k).map((r) => r.row), patient);
    });
  }
}
