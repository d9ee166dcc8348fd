import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../database/sql-params';
import type { EpisodeHistory } from './domain/who-next';
import { CLOSED_EPISODE_SQL_LIST } from './episode.entity';

/** A named care coordinator (on the patient record or on the open episode). */
export interface Coordinator {
  staffId: string | null;
  name: string | null;
  teamCode: string | null;
}

/** One patient of a practice's ranked population, with what the caseload shows of them. */
export interface RankedPatient {
  patientId: string;
  nhsNumber: string;
  score: number;
  model: string;
  computedAt: Date;
  /** Competition rank by score within the practice, and the population the tiers are cut over. */
  rank: number;
  population: number;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  recordCoordinator: Coordinator;
  /** The open episode, if any. */
  episode: { id: string; status: string; plannedEndAt: Date | null; coordinator: Coordinator } | null;
  /** Who-next only: the patient's episode history. */
  history?: EpisodeHistory;
}

/** Filters of one caseload page; each narrows the ranked population (the rank is over all of it). */
export interface CaseloadPageQuery {
  practiceOds: string;
  model?: string;
  /** The newest scores up to this moment (from the history) instead of the latest. */
  asOf?: Date;
  /** Rank share bounds of a tier, in percent: above < share <= upTo. */
  tier?: { above: number; upTo: number };
  /** An open episode in this status, or 'none' for no open episode. */
  episodeStatus?: string;
  /** Keyset: after this score and NHS number in caseload order. */
  after?: [number, string];
  limit: number;
}

/** A caseload page and the population it is ranked in. */
export interface CaseloadPage {
  rows: RankedPatient[];
  /** The practice's registered living patients. */
  registered: number;
  /** Of those, how many have a current score (of the model, when given). */
  scored: number;
}

export interface PracticeFacts {
  type: string;
  alignedTeams: string[];
}

interface Row {
  patient_id: string;
  nhs_number: string;
  score: number;
  model: string;
  computed_at: Date;
  rank: string;
  n: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  pcc_staff: string | null;
  pcc_name: string | null;
  pcc_team: string | null;
  episode_id: string | null;
  episode_status: string | null;
  planned_end_at: Date | null;
  ecc_staff: string | null;
  ecc_name: string | null;
  ecc_team: string | null;
  open_episode?: boolean | null;
  last_completed_at?: Date | null;
  last_declined_at?: Date | null;
}

// Fragments of the statements below. $1 practice, $2 model (or NULL), $3 the as-of moment (as-of pages) or the counted
// population (who-next's later batches); filters bind after them.
// Tiers are cut over the practice's registered (living) population: unscored patients are in no tier.
const OF_PRACTICE = `practice_ods = $1 AND ($2::text IS NULL OR model = $2)`;
/**
 * The practice's registered living patients (from idx_patients_living_practice) and how many of
 * them have a current score (of the model, when given): the scores less those of the few
 * deceased. Counted once per statement.
 */
const COUNTS = `counts AS (
         SELECT (SELECT count(*) FROM patients rp WHERE rp.gp_practice_ods = $1 AND rp.deceased_at IS NULL) AS registered,
                (SELECT count(*) FROM risk_latest c WHERE c.${OF_PRACTICE})
                - (SELECT count(*) FROM patients d JOIN risk_latest c ON c.patient_id = d.id WHERE d.deceased_at IS NOT NULL AND c.${OF_PRACTICE}) AS scored)`;
const RANK = `l.patient_id, l.nhs_number, l.score, l.model, l.computed_at, rank() OVER (ORDER BY l.score DESC) AS rank`;
/**
 * The living patients' latest scores in caseload order from idx_risk_latest_practice_rank, the
 * population from `counts`: the rank streams, so a page stops reading the practice once it has its
 * rows (a window count over the whole practice held all of it in memory on every page). A patient
 * who has died holds no rank: the living are ranked among themselves. Each score's patient is
 * looked up in idx_patients_deceased as the index is read (`OFFSET 0` keeps the check a per-row
 * probe: as an anti-join under the window, PostgreSQL hashed the deceased, read the whole
 * practice and sorted it, 4.5 ms of a 20,000-patient practice's page instead of 0.1).
 */
const LATEST_LIVING = `FROM risk_latest l WHERE l.${OF_PRACTICE}
         AND NOT EXISTS (SELECT 1 FROM patients d WHERE d.id = l.patient_id AND d.deceased_at IS NOT NULL OFFSET 0)`;
const RANKED_LATEST = `pop AS (SELECT ${RANK}, (SELECT greatest(c.scored, c.registered) FROM counts c) AS n ${LATEST_LIVING})`;
/** The same ranking with the population already counted (`$3`): who-next's later batches. */
const RANKED_LATEST_IN_POPULATION = `pop AS (SELECT ${RANK}, $3::bigint AS n ${LATEST_LIVING})`;
/** As of a past moment the population is only known once ranked: counted by the window. */
const RANKED = `${RANK}, greatest(count(*) OVER (), (SELECT c.registered FROM counts c)) AS n`;
/** As of a past moment: each patient's newest score the practice supplied up to then, from the history (idx_risk_scores_practice_run). */
const FROM_AS_OF = `FROM (SELECT DISTINCT ON (s.patient_id) s.patient_id, p.nhs_number, s.score, s.model, s.computed_at
         FROM risk_scores s JOIN patients p ON p.id = s.patient_id
         WHERE s.practice_ods = $1 AND s.computed_at <= $3 AND p.nhs_number IS NOT NULL AND ($2::text IS NULL OR s.model = $2)
         ORDER BY s.patient_id, s.computed_at DESC, s.id DESC) l`;
/** The ranked patient is alive: an anti-join against the few deceased (idx_patients_deceased), not a look-up per score. */
const LIVING = `NOT EXISTS (SELECT 1 FROM patients d WHERE d.id = pop.patient_id AND d.deceased_at IS NOT NULL)`;
const IN_ORDER = 'ORDER BY pop.score DESC, pop.nhs_number ASC';
const DETAILS = `page.*, p.given_name, p.family_name, p.date_of_birth::text AS date_of_birth,
         p.care_coordinator_staff_id AS pcc_staff, p.care_coordinator_name AS pcc_name, p.care_coordinator_team_code AS pcc_team,
         e.id AS episode_id, e.status AS episode_status, e.planned_end_at,
         e.care_coordinator_staff_id AS ecc_staff, e.care_coordinator_name AS ecc_name, e.team_code AS ecc_team`;
const DETAILS_JOINS = `page JOIN patients p ON p.id = page.patient_id
       LEFT JOIN proactive_care_episodes e ON e.patient_id = page.patient_id AND e.status NOT IN (${CLOSED_EPISODE_SQL_LIST})`;
const HISTORY = `LEFT JOIN LATERAL (
         SELECT bool_or(x.status NOT IN (${CLOSED_EPISODE_SQL_LIST})) AS open_episode,
                max(x.ended_at) FILTER (WHERE x.status = 'completed') AS last_completed_at,
                max(x.ended_at) FILTER (WHERE x.status = 'declined') AS last_declined_at
         FROM proactive_care_episodes x WHERE x.patient_id = page.patient_id) h ON true`;
const PAGE_ORDER = 'ORDER BY page.score DESC, page.nhs_number ASC';
/** What a page selects: the counts LEFT JOIN the page, so one row with the counts alone when the page is empty. */
const PAGE_WITH_COUNTS = `c.registered::int AS registered, c.scored::int AS scored, ${DETAILS}
       FROM counts c LEFT JOIN (${DETAILS_JOINS}) ON true ${PAGE_ORDER}`;
const OPEN_EPISODE_OF_POP = `proactive_care_episodes e WHERE e.patient_id = pop.patient_id AND e.status NOT IN (${CLOSED_EPISODE_SQL_LIST})`;

/**
 * A practice's ranked population, one page at a time: `pop` ranks the practice, `page` applies the
 * filters and the keyset and keeps `limit` rows; only those rows are joined to patients and
 * episodes. Every statement is written out whole (latest, as of, who next) so each plans as it runs.
 */
@Injectable()
export class CaseloadsRepository {
  /** The organisation's type and the teams aligned to it (null: no such organisation). */
  async practice(em: EntityManager, odsCode: string): Promise<PracticeFacts | null> {
    const [row]: { type: string; teams: string[] }[] = await em.query(
      'SELECT o.type, ARRAY(SELECT tp.team_code FROM team_practices tp WHERE tp.practice_ods = o.ods_code) AS teams FROM organisations o WHERE o.ods_code = $1',
      [odsCode],
    );
    return row ? { type: row.type, alignedTeams: row.teams } : null;
  }

  /**
   * One caseload page in caseload order (score descending, then NHS number), with the practice's
   * registered living population and how many of them have a current score (of the model, when
   * given), in one statement.
   */
  async page(em: EntityManager, q: CaseloadPageQuery): Promise<CaseloadPage> {
    const p = new SqlParams(q.asOf ? [q.practiceOds, q.model ?? null, q.asOf] : [q.practiceOds, q.model ?? null]);
    const where: string[] = [];
    if (q.tier) {
      const [a, b] = [p.add(q.tier.above), p.add(q.tier.upTo)];
      where.push(`pop.rank * 100.0 / pop.n > ${a} AND pop.rank * 100.0 / pop.n <= ${b} + 1e-9`);
    }
    if (q.episodeStatus === 'none') where.push(`NOT EXISTS (SELECT 1 FROM ${OPEN_EPISODE_OF_POP})`);
    else if (q.episodeStatus) where.push(`EXISTS (SELECT 1 FROM ${OPEN_EPISODE_OF_POP} AND e.status = ${p.add(q.episodeStatus)})`);
    if (q.after) where.push(afterKey(p, q.after));
    const filters = where.join(' AND ') || 'TRUE';
    const rows: (Omit<Row, 'patient_id'> & { patient_id: string | null; registered: number; scored: number })[] = q.asOf
      ? await em.query(
          `WITH ${COUNTS}, pop AS (SELECT ${RANKED} ${FROM_AS_OF}),
           page AS (SELECT pop.* FROM pop WHERE ${LIVING} AND ${filters} ${IN_ORDER} LIMIT ${p.add(q.limit)})
           SELECT ${PAGE_WITH_COUNTS}`,
          p.values,
        )
      : await em.query(
          `WITH ${COUNTS}, ${RANKED_LATEST},
           page AS (SELECT pop.* FROM pop WHERE ${filters} ${IN_ORDER} LIMIT ${p.add(q.limit)})
           SELECT ${PAGE_WITH_COUNTS}`,
          p.values,
        );
    const [{ registered, scored }] = rows;
    return { rows: rows.filter((r): r is Row & { registered: number; scored: number } => r.patient_id !== null).map(toRanked), registered, scored };
  }

  /**
   * Who next: a batch of the practice's latest ranking (all models) with each patient's episode
   * history. The first batch counts the practice's population; later ones of the same walk pass it
   * back (`population`) rather than count the practice again (9 ms a batch at county scale), so the
   * whole answer is ranked in one population.
   */
  async whoNextBatch(em: EntityManager, practiceOds: string, after: [number, string] | undefined, limit: number, population?: number): Promise<RankedPatient[]> {
    const p = new SqlParams(population === undefined ? [practiceOds, null] : [practiceOds, null, population]);
    const filters = after ? afterKey(p, after) : 'TRUE';
    const rows: Row[] =
      population === undefined
        ? await em.query(
            `WITH ${COUNTS}, ${RANKED_LATEST},
             page AS (SELECT pop.* FROM pop WHERE ${filters} ${IN_ORDER} LIMIT ${p.add(limit)})
             SELECT ${DETAILS}, h.open_episode, h.last_completed_at, h.last_declined_at FROM ${DETAILS_JOINS} ${HISTORY} ${PAGE_ORDER}`,
            p.values,
          )
        : await em.query(
            `WITH ${RANKED_LATEST_IN_POPULATION},
             page AS (SELECT pop.* FROM pop WHERE ${filters} ${IN_ORDER} LIMIT ${p.add(limit)})
             SELECT ${DETAILS}, h.open_episode, h.last_completed_at, h.last_declined_at FROM ${DETAILS_JOINS} ${HISTORY} ${PAGE_ORDER}`,
            p.values,
          );
    return rows.map(toRanked);
  }
}

/** After (score, NHS number) in caseload order. */
function afterKey(p: SqlParams, [score, nhsNumber]: [number, string]): string {
  const s = p.add(score);
  return `(pop.score < ${s} OR (pop.score = ${s} AND pop.nhs_number > ${p.add(nhsNumber)}))`;
}

function toRanked(r: Row): RankedPatient {
  return {
    patientId: r.patient_id,
    nhsNumber: r.nhs_number,
    score: r.score,
    model: r.model,
    computedAt: r.computed_at,
    rank: Number(r.rank),
    population: Number(r.n),
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    recordCoordinator: { staffId: r.pcc_staff, name: r.pcc_name, teamCode: r.pcc_team },
    episode: r.episode_id
      ? { id: r.episode_id, status: r.episode_status as string, plannedEndAt: r.planned_end_at, coordinator: { staffId: r.ecc_staff, name: r.ecc_name, teamCode: r.ecc_team } }
      : null,
    history:
      r.open_episode === undefined
        ? undefined
        : { openEpisode: r.open_episode === true, lastCompletedAt: r.last_completed_at ?? null, lastDeclinedAt: r.last_declined_at ?? null },
  };
}
