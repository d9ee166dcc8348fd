import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PatientEntity } from './patient.entity';
import { PatientViewRepository, type SectionRow } from './patient-view.repository';

export type { SectionRow } from './patient-view.repository';

/**
 * A capability's part of the single patient view, e.g. { openReferrals: [...] }: its statements
 * over the patient `$1` (constants in the owner's repository, by key), and how the section is built
 * from their rows. The rows arrive as JSON: timestamps as ISO text (`iso()` turns them into the
 * API's form), numbers and booleans as themselves.
 */
export interface PatientViewContributor<K extends string = string> {
  readonly queries: Record<K, string>;
  build(rows: Record<K, SectionRow[]>, patient: PatientEntity): Record<string, unknown>;
}

/** A contributor, typed by its query keys. */
export function viewSection<K extends string>(queries: Record<K, string>, build: PatientViewContributor<K>['build']): PatientViewContributor<K> {
  return { queries, build };
}

/** A JSON timestamp (or null) in the API's form, as `Date.toISOString()` writes it. */
export function iso(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(value as string).toISOString();
}

/**
 * Every capability's statements run as one (a scalar JSON subquery each), so the single view
 * costs one round trip for its sections however many capabilities add one.
 */
@Injectable()
export class PatientViewRegistry {
  private readonly contributors = new Map<string, PatientViewContributor>();
  private readonly repository = new PatientViewRepository();

  register(name: string, contributor: PatientViewContributor): void {
    this.contributors.set(name, contributor);
  }

  async sectionsFor(em: EntityManager, patient: PatientEntity): Promise<Record<string, unknown>> {
    const entries = [...this.contributors.values()];
    const statements = entries.flatMap((c, i) => Object.entries(c.queries).map(([key, sql]) => ({ column: `${i}.${key}`, sql: sql as string })));
    const row = statements.length ? await this.repository.sections(em, statements, patient.id) : {};
    const sections: Record<string, unknown> = {};
    entries.forEach((c, i) => {
      const rows = Object.fromEntries(Object.keys(c.queries).map((key) => [key, row[`${i}.${key}`] ?? []]));
      Object.assign(sections, c.build(rows, patient));
    });
    return sections;
  }
}
