import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService, PatientNotFound } from '../../common/access/patient-access.service';
import type { RequestContext } from '../../common/auth/principal';
import { PreconditionFailed, ValidationFailed } from '../../common/errors/domain-error';
import { constraintOf, isUniqueViolation } from '../../database/pg-errors';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { PatientEntity } from '../patients/patient.entity';
import { CaseloadFull, EpisodeAlreadyOpen, EpisodeInvalidTransition, EpisodeNotFound } from './caseload-errors';
import { Clock } from '../../common/clock';
import { ACTIVE_EPISODE_STATUSES, type EpisodeStatus, hasCapacity, planTransition } from './domain/episode-state';
import type { CreateEpisodeDto, TransitionEpisodeDto } from './dto/caseload.dto';
import { OPEN_EPISODE_SQL } from './episode.entity';

export interface EpisodeView {
  id: string;
  nhsNumber: string | null;
  practiceOds: string;
  status: EpisodeStatus;
  careCoordinator: { staffId: string; name: string; teamCode: string };
  /** The GP remains the accountable lead professional: the patient's practice and the named GP. */
  accountableLead: { practiceOds: string; gp: string | null };
  disciplines: string[];
  reason: string | null;
  statusChangedAt: string;
  startedAt: string | null;
  plannedEndAt: string | null;
  endedAt: string | null;
  createdAt: string;
  version: number;
  history: { at: string; from: string | null; to: string; reason: string | null; by: string; byName: string | null; detail: Record<string, unknown> | null }[];
}

export interface EpisodeChanged {
  view: EpisodeView;
  etag: string;
}

interface EpisodeRow {
  id: string;
  patient_id: string;
  nhs_number: string | null;
  practice_ods: string;
  team_code: string;
  care_coordinator_staff_id: string;
  care_coordinator_name: string;
  accountable_gp: string | null;
  status: EpisodeStatus;
  disciplines: string[];
  reason: string | null;
  status_changed_at: Date;
  started_at: Date | null;
  planned_end_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
  version: number;
}

export const episodeEtag = (version: number) => `"${version}"`;
const SELECT_EPISODE = `SELECT e.*, p.nhs_number FROM proactive_care_episodes e JOIN patients p ON p.id = e.patient_id`;

/**
 * Pro-Active Care episodes: open one for a patient, move it through its states (domain/episode-state.ts),
 * read it with its history. One transaction per use case; the episode's row lock serialises changes
 * to it, the team's row lock serialises activations against the team's capacity, and a partial
 * unique index keeps one open episode per patient.
 */
@Injectable()
export class EpisodesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(ctx: RequestContext, dto: CreateEpisodeDto): Promise<EpisodeChanged> {
    const now = this.clock.now();
    try {
      return await this.db.transaction(async (em) => {
        const { patient } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'proactive_care_episode.create', resourceType: 'proactive_care_episode' }, { lock: true });
        if (!patient.gpPracticeOds) throw new ValidationFailed('The patient has no GP practice', [{ field: 'nhsNumber', message: 'the patient has no registered GP practice (the accountable lead)' }]);
        if (dto.practiceOds && dto.practiceOds !== patient.gpPracticeOds) {
          throw new ValidationFailed('The practice is not the patient’s', [{ field: 'practiceOds', message: 'is not the practice the patient is registered with' }]);
        }
        const [team] = await em.query('SELECT code FROM teams WHERE code = $1', [dto.careCoordinator.teamCode]);
        if (!team) throw new ValidationFailed('No such team', [{ field: 'careCoordinator.teamCode', message: 'is not a known team' }]);
        const [open] = await em.query(`SELECT id FROM proactive_care_episodes WHERE patient_id = $1 AND ${OPEN_EPISODE_SQL}`, [patient.id]);
        if (open) throw new EpisodeAlreadyOpen();
        const [{ id }]: { id: string }[] = await em.query(
          `INSERT INTO proactive_care_episodes (patient_id, practice_ods, team_code, care_coordinator_staff_id, care_coordinator_name, accountable_gp,
             status, status_changed_at, created_by, version)
           VALUES ($1, $2, $3, $4, $5, $6, 'identified', $7, $8, 1) RETURNING id`,
          [patient.id, patient.gpPracticeOds, dto.careCoordinator.teamCode, dto.careCoordinator.staffId, dto.careCoordinator.name, dto.accountableGp ?? null, now, ctx.principal.sub],
        );
        await addEvent(em, ctx, id, { at: now, from: null, to: 'identified', reason: null, detail: { teamCode: dto.careCoordinator.teamCode, careCoordinator: dto.careCoordinator.staffId } });
        return this.changed(em, id);
      });
    } catch (e) {
      if (isUniqueViolation(e) && constraintOf(e) === 'uq_episodes_open_per_patient') throw new EpisodeAlreadyOpen();
      throw e;
    }
  }

  transition(ctx: RequestContext, id: string, dto: TransitionEpisodeDto, ifMatch?: string): Promise<EpisodeChanged> {
    return this.db.transaction((em) => this.transitionIn(em, ctx, id, dto, ifMatch));
  }

  /** The same rules inside the caller's transaction (an MDT outcome moving the episode on). */
  async transitionIn(em: EntityManager, ctx: RequestContext, id: string, dto: TransitionEpisodeDto, ifMatch?: string): Promise<EpisodeChanged> {
    const now = this.clock.now();
    const [locked]: EpisodeRow[] = await em.query('SELECT * FROM proactive_care_episodes WHERE id = $1 FOR UPDATE', [id]);
    if (!locked) throw new EpisodeNotFound();
    await this.authorise(em, ctx, locked.patient_id, 'proactive_care_episode.transition', id);
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== episodeEtag(locked.version)) {
      throw new PreconditionFailed(`The episode is at version ${locked.version}`);
    }
    const at = dto.at ? new Date(dto.at) : undefined;
    if (at && Number.isNaN(at.getTime())) throw new ValidationFailed('at is not a real time', [{ field: 'at', message: 'is not a real time' }]);
    const plan = planTransition(
      { status: locked.status, lastChangedAt: locked.status_changed_at, startedAt: locked.started_at },
      { to: dto.to, reason: dto.reason, at, disciplines: dto.disciplines },
      now,
      this.config.caseloads.episodeWeeks,
    );
    if ('kind' in plan) {
      if (plan.kind === 'invalid_transition') throw new EpisodeInvalidTransition(plan.message);
      throw new ValidationFailed(`${plan.field} ${plan.message}`, [{ field: plan.field, message: plan.message }]);
    }
    if (plan.to === 'active') {
      // Every activation for a team takes the team's row lock first, so two activations cannot
      // both see room for one more (any number of instances).
      await em.query('SELECT code FROM teams WHERE code = $1 FOR UPDATE', [locked.team_code]);
      const [{ active }]: { active: number }[] = await em.query(
        `SELECT count(*)::int AS active FROM proactive_care_episodes WHERE team_code = $1 AND status = ANY($2)`,
        [locked.team_code, ACTIVE_EPISODE_STATUSES],
      );
      const capacity = this.config.caseloads.teamCapacityOverrides[locked.team_code] ?? this.config.caseloads.teamCapacity;
      if (!hasCapacity(active, capacity)) {
        throw new CaseloadFull(`Team ${locked.team_code} already holds ${active} of ${capacity} active episodes`);
      }
    }
    await em.query(
      `UPDATE proactive_care_episodes SET status = $2, status_changed_at = $3, reason = COALESCE($4, reason),
         disciplines = COALESCE($5, disciplines), started_at = COALESCE($6, started_at), planned_end_at = COALESCE($7, planned_end_at),
         ended_at = $8, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, plan.to, plan.at, plan.reason, plan.disciplines ?? null, plan.startedAt ?? null, plan.plannedEndAt ?? null, plan.endedAt ?? null],
    );
    await addEvent(em, ctx, id, {
      at: plan.at,
      from: plan.from,
      to: plan.to,
      reason: plan.reason,
      detail: plan.disciplines ? { disciplines: plan.disciplines } : plan.plannedEndAt ? { plannedEndAt: plan.plannedEndAt.toISOString() } : null,
    });
    return this.changed(em, id);
  }

  get(ctx: RequestContext, id: string): Promise<EpisodeChanged> {
    return this.db.transaction(async (em) => {
      const [row]: { patient_id: string }[] = await em.query('SELECT patient_id FROM proactive_care_episodes WHERE id = $1', [id]);
      if (!row) throw new EpisodeNotFound();
      await this.authorise(em, ctx, row.patient_id, 'proactive_care_episode.read', id);
      return this.changed(em, id);
    });
  }

  /** The access gate for the episode's patient; no access looks like no episode. */
  private async authorise(em: EntityManager, ctx: RequestContext, patientId: string, action: string, id: string): Promise<void> {
    const patient = await em.findOneByOrFail(PatientEntity, { id: patientId });
    try {
      await this.access.authorise(em, ctx, patient, { action, resourceType: 'proactive_care_episode', resourceId: id });
    } catch (e) {
      if (e instanceof PatientNotFound) throw new EpisodeNotFound();
      throw e;
    }
  }

  private async changed(em: EntityManager, id: string): Promise<EpisodeChanged> {
    const [r]: EpisodeRow[] = await em.query(`${SELECT_EPISODE} WHERE e.id = $1`, [id]);
    const events: { at: Date; from_status: string | null; to_status: string; reason: string | null; actor_sub: string; actor_name: string | null; detail: Record<string, unknown> | null }[] =
      await em.query('SELECT at, from_status, to_status, reason, actor_sub, actor_name, detail FROM proactive_care_episode_events WHERE episode_id = $1 ORDER BY id', [id]);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      etag: episodeEtag(r.version),
      view: {
        id: r.id,
        nhsNumber: r.nhs_number,
        practiceOds: r.practice_ods,
        status: r.status,
        careCoordinator: { staffId: r.care_coordinator_staff_id, name: r.care_coordinator_name, teamCode: r.team_code },
        accountableLead: { practiceOds: r.practice_ods, gp: r.accountable_gp },
        disciplines: r.disciplines,
        reason: r.reason,
        statusChangedAt: r.status_changed_at.toISOString(),
        startedAt: iso(r.started_at),
        plannedEndAt: iso(r.planned_end_at),
        endedAt: iso(r.ended_at),
        createdAt: r.created_at.toISOString(),
        version: r.version,
        history: events.map((e) => ({ at: e.at.toISOString(), from: e.from_status, to: e.to_status, reason: e.reason, by: e.actor_sub, byName: e.actor_name, detail: e.detail })),
      },
    };
  }
}

export async function addEvent(
  em: EntityManager,
  actor: RequestContext | { principal: { sub: string; name?: string } },
  episodeId: string,
  e: { at: Date; from: string | null; to: string; reason: string | null; detail: Record<string, unknown> | null },
): Promise<void> {
  await em.query(
    `INSERT INTO proactive_care_episode_events (episode_id, at, actor_sub, actor_name, from_status, to_status, reason, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [episodeId, e.at, actor.principal.sub, actor.principal.name ?? null, e.from, e.to, e.reason, e.detail ? JSON.stringify(e.detail) : null],
  );
}
