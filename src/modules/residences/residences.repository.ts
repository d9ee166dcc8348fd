import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReablementSetting, ResidenceKind, ResidenceSource } from './domain/residence-rules';

/** The residence a person has now (dates YYYY-MM-DD). */
export interface CurrentResidence {
  id: string;
  kind: ResidenceKind;
  careHomeOds: string | null;
  fromDate: string;
}

export interface NewResidence {
  patientId: string;
  kind: ResidenceKind;
  careHomeOds: string | null;
  /** The day the move took effect (YYYY-MM-DD, England). */
  from: string;
  source: ResidenceSource;
  sourceId: string | null;
  by: string;
}

/** One period of the history, oldest first (dates YYYY-MM-DD, `to` exclusive, null while current). */
export interface ResidencePeriod {
  kind: string;
  careHomeOds: string | null;
  from: string;
  to: string | null;
  source: string;
}

export interface NewReablementStart {
  patientId: string;
  admissionId: string | null;
  referralId: string | null;
  setting: ReablementSetting;
  startedAt: Date;
  by: string;
}

/** patient_residences and reablement_starts: where people live over time, and reablement starts. */
@Injectable()
export class ResidencesRepository {
  /** Serialises moves of one person until the transaction ends (the exclusion constraint would refuse the loser anyway). */
  async lockPerson(em: EntityManager, patientId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`residence:${patientId}`]);
  }

  async current(em: EntityManager, patientId: string): Promise<CurrentResidence | null> {
    const [row]: { id: string; kind: ResidenceKind; care_home_ods: string | null; from_date: string }[] = await em.query(
      `SELECT id, kind, care_home_ods, to_char(from_date, 'YYYY-MM-DD') AS from_date FROM patient_residences WHERE patient_id = $1 AND to_date IS NULL`,
      [patientId],
    );
    return row ? { id: row.id, kind: row.kind, careHomeOds: row.care_home_ods, fromDate: row.from_date } : null;
  }

  /** Ends a period on `on` (exclusive). */
  async close(em: EntityManager, id: string, on: string): Promise<void> {
    await em.query('UPDATE patient_residences SET to_date = $2 WHERE id = $1', [id, on]);
  }

  async insert(em: EntityManager, r: NewResidence): Promise<void> {
    await em.query(
      `INSERT INTO patient_residences (patient_id, kind, care_home_ods, from_date, to_date, source, source_id, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, now(), $7)`,
      [r.patientId, r.kind, r.careHomeOds, r.from, r.source, r.sourceId, r.by],
    );
  }

  async history(em: EntityManager, patientId: string): Promise<ResidencePeriod[]> {
    const rows: { kind: string; care_home_ods: string | null; from_date: string; to_date: string | null; source: string }[] = await em.query(
      `SELECT kind, care_home_ods, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date, source
       FROM patient_residences WHERE patient_id = $1 ORDER BY from_date, recorded_at`,
      [patientId],
    );
    return rows.map((r) => ({ kind: r.kind, careHomeOds: r.care_home_ods, from: r.from_date, to: r.to_date, source: r.source }));
  }

  /** Records a reablement start once per person and moment (a repeat answers the first). Returns its id. */
  async insertReablementStart(em: EntityManager, r: NewReablementStart): Promise<string> {
    const [row]: { id: string }[] = await em.query(
      `INSERT INTO reablement_starts (patient_id, admission_id, referral_id, setting, started_at, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, now(), $6)
       ON CONFLICT (patient_id, started_at) DO UPDATE SET setting = reablement_starts.setting RETURNING id`,
      [r.patientId, r.admissionId, r.referralId, r.setting, r.startedAt, r.by],
    );
    return row.id;
  }
}
