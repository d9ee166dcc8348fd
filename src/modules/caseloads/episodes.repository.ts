import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ACTIVE_EPISODE_STATUSES, type EpisodeStatus, type TransitionPlan } from './domain/episode-state';
import { CLOSED_EPISODE_SQL_LIST, OPEN_EPISODE_SQL } from './episode.entity';

/** A Pro-Active Care episode as stored, with the patient's NHS number. */
export interface Episode {
  id: string;
  patientId: string;
  nhsNumber: string | null;
  practiceOds: string;
  teamCode: string;
  careCoordinatorStaffId: string;
  careCoordinatorName: string;
  accountableGp: string | null;
  status: EpisodeStatus;
  disciplines: string[];
  reason: string | null;
  statusChangedAt: Date;
  startedAt: Date | null;
  plannedEndAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
  version: number;
}

export interface EpisodeEvent {
  at: Date;
  from: string | null;
  to: string;
  reason: string | null;
  actorSub: string;
  actorName: string | null;
  detail: Record<string, unknown> | null;
}

export interface NewEpisode {
  patientId: string;
  practiceOds: string;
  teamCode: string;
  careCoordinatorStaffId: string;
  careCoordinatorName: string;
  accountableGp: string | null;
  statusChangedAt: Date;
  createdBy: string;
}

/** An episode past its planned end, claimed for the 12-week review. */
export interface DueEpisode {
  id: string;
  patientId: string;
  teamCode: string;
  plannedEndAt: Date;
}

export interface OpenEpisodeSummary {
  id: string;
  status: string;
  teamCode: string;
  careCoordinatorStaffId: string;
  careCoordinatorName: string;
  plannedEndAt: Date | null;
}

/** An Episode's columns (but the NHS number), named as Episode names them. */
const EPISODE_COLUMNS = `e.id, e.patient_id AS "patientId", e.practice_ods AS "practiceOds", e.team_code AS "teamCode",
  e.care_coordinator_staff_id AS "careCoordinatorStaffId", e.care_coordinator_name AS "careCoordinatorName", e.accountable_gp AS "accountableGp",
  e.status, e.disciplines, e.reason, e.status_changed_at AS "statusChangedAt", e.started_at AS "startedAt", e.planned_end_at AS "plannedEndAt",
  e.ended_at AS "endedAt", e.created_at AS "createdAt", e.version`;

/** Pro-Active Care episodes (`proactive_care_episodes`) and their history (`proactive_care_episode_events`). */
/** The team and care coordinator of the patient's (`$1`) open Pro-Active Care episode. */
export const OPEN_EPISODE_COORDINATORS = `SELECT team_code, care_coordinator_staff_id FROM proactive_care_episodes WHERE patient_id = $1 AND ${OPEN_EPISODE_SQL}`;

/** The patient's (`$1`) open Pro-Active Care episode: the single view's `activeEpisode`. */
export const OPEN_EPISODE_OF_PATIENT = `SELECT id, status, team_code AS "teamCode", care_coordinator_staff_id AS "careCoordinatorStaffId",
    care_coordinator_name AS "careCoordinatorName", planned_end_at AS "plannedEndAt"
  FROM proactive_care_episodes WHERE patient_id = $1 AND ${OPEN_EPISODE_SQL}`;

@Injectable()
export class EpisodesRepository {
  async teamExists(em: EntityManager, code: string): Promise<boolean> {
    const [team] = await em.query('SELECT code FROM teams WHERE code = $1', [code]);
    return team !== undefined;
  }

  /** Takes the team's row lock: every activation for a team does, so two cannot both see room for one more. */
  async lockTeam(em: EntityManager, code: string): Promise<void> {
    await em.query('SELECT code FROM teams WHERE code = $1 FOR UPDATE', [code]);
  }

  async hasOpen(em: EntityManager, patientId: string): Promise<boolean> {
    const [open] = await em.query(`SELECT id FROM proactive_care_episodes WHERE patient_id = $1 AND ${OPEN_EPISODE_SQL}`, [patientId]);
    return open !== undefined;
  }

  /** A new episode, identified; returns its id. */
  async insert(em: EntityManager, e: NewEpisode): Promise<string> {
    const [{ id }]: { id: string }[] = await em.query(
      `INSERT INTO proactive_care_episodes (patient_id, practice_ods, team_code, care_coordinator_staff_id, care_coordinator_name, accountable_gp,
         status, status_changed_at, created_by, version)
       VALUES ($1, $2, $3, $4, $5, $6, 'identified', $7, $8, 1) RETURNING id`,
      [e.patientId, e.practiceOds, e.teamCode, e.careCoordinatorStaffId, e.careCoordinatorName, e.accountableGp, e.statusChangedAt, e.createdBy],
    );
    return id;
  }

  /** The episode, row-locked (FOR UPDATE), or null (without the NHS number: the lock reads the episode row only). */
  async lock(em: EntityManager, id: string): Promise<Episode | null> {
    const [row]: Episode[] = await em.query(`SELECT ${EPISODE_COLUMNS}, NULL AS "nhsNumber" FROM proactive_care_episodes e WHERE e.id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async patientOf(em: EntityManager, id: string): Promise<string | null> {
    const [row]: { patient_id: string }[] = await em.query('SELECT patient_id FROM proactive_care_episodes WHERE id = $1', [id]);
    return row?.patient_id ?? null;
  }

  async get(em: EntityManager, id: string): Promise<Episode> {
    const [row]: Episode[] = await em.query(
      `SELECT ${EPISODE_COLUMNS}, p.nhs_number AS "nhsNumber" FROM proactive_care_episodes e JOIN patients p ON p.id = e.patient_id WHERE e.id = $1`,
      [id],
    );
    return row;
  }

  /** The episode's history, oldest first. */
  async events(em: EntityManager, id: string): Promise<EpisodeEvent[]> {
    const rows: { at: Date; from_status: string | null; to_status: string; reason: string | null; actor_sub: string; actor_name: string | null; detail: Record<string, unknown> | null }[] =
      await em.query('SELECT at, from_status, to_status, reason, actor_sub, actor_name, detail FROM proactive_care_episode_events WHERE episode_id = $1 ORDER BY id', [id]);
    return rows.map((e) => ({ at: e.at, from: e.from_status, to: e.to_status, reason: e.reason, actorSub: e.actor_sub, actorName: e.actor_name, detail: e.detail }));
  }

  async addEvent(
    em: EntityManager,
    actor: { sub: string; name?: string },
    episodeId: string,
    e: { at: Date; from: string | null; to: string; reason: string | null; detail: Record<string, unknown> | null },
  ): Promise<void> {
    await em.query(
      `INSERT INTO proactive_care_episode_events (episode_id, at, actor_sub, actor_name, from_status, to_status, reason, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [episodeId, e.at, actor.sub, actor.name ?? null, e.from, e.to, e.reason, e.detail ? JSON.stringify(e.detail) : null],
    );
  }

  /** Active episodes (active or review due) the team holds. */
  async countActive(em: EntityManager, teamCode: string): Promise<number> {
    const [{ active }]: { active: number }[] = await em.query(
      `SELECT count(*)::int AS active FROM proactive_care_episodes WHERE team_code = $1 AND status = ANY($2)`,
      [teamCode, ACTIVE_EPISODE_STATUSES],
    );
    return active;
  }

  /** Applies a planned transition (domain/episode-state.ts) and moves the version on. */
  async applyTransition(em: EntityManager, id: string, plan: TransitionPlan): Promise<void> {
    await em.query(
      `UPDATE proactive_care_episodes SET status = $2, status_changed_at = $3, reason = COALESCE($4, reason),
         disciplines = COALESCE($5, disciplines), started_at = COALESCE($6, started_at), planned_end_at = COALESCE($7, planned_end_at),
         ended_at = $8, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, plan.to, plan.at, plan.reason, plan.disciplines ?? null, plan.startedAt ?? null, plan.plannedEndAt ?? null, plan.endedAt ?? null],
    );
  }

  /** Claims up to `batch` active episodes past their planned end (FOR UPDATE SKIP LOCKED: once across instances). */
  async claimDueForReview(em: EntityManager, now: Date, batch: number): Promise<DueEpisode[]> {
    const rows: { id: string; patient_id: string; team_code: string; planned_end_at: Date }[] = await em.query(
      `SELECT id, patient_id, team_code, planned_end_at FROM proactive_care_episodes
       WHERE status = 'active' AND planned_end_at <= $1
       ORDER BY planned_end_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, batch],
    );
    return rows.map((r) => ({ id: r.id, patientId: r.patient_id, teamCode: r.team_code, plannedEndAt: r.planned_end_at }));
  }

  /** The episode falls due for review at its planned end. */
  async markReviewDue(em: EntityManager, id: string): Promise<void> {
    await em.query(
      `UPDATE proactive_care_episodes SET status = 'review_due', status_changed_at = planned_end_at, version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** A death ends the patient's open episode: withdrawn, reason `died`. Returns how many changed. */
  async withdrawOnDeath(em: EntityManager, patientId: string, diedAt: Date): Promise<number> {
    const [, episodes]: [unknown, number] = await em.query(
      `UPDATE proactive_care_episodes SET status = 'withdrawn', reason = 'died', status_changed_at = GREATEST($2::timestamptz, status_changed_at),
         ended_at = GREATEST($2::timestamptz, status_changed_at), updated_at = now()
       WHERE patient_id = $1 AND status NOT IN (${CLOSED_EPISODE_SQL_LIST})`,
      [patientId, diedAt],
    );
    return episodes;
  }
}
