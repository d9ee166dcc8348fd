import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessRepository } from '../../common/access/patient-access.repository';
import { PatientNotFound } from '../../common/access/access-errors';
import { PatientAccessService } from '../../common/access/patient-access.service';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { PreconditionFailed, ValidationFailed } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { writeTransaction } from '../../database/write-transaction';
import { CaseloadFull, EpisodeAlreadyOpen, EpisodeInvalidTransition, EpisodeNotFound } from './caseload-errors';
import { type EpisodeStatus, hasCapacity, planTransition } from './domain/episode-state';
import type { CreateEpisodeDto, TransitionEpisodeDto } from './dto/caseload.dto';
import { EpisodesRepository } from './episodes.repository';

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

export const episodeEtag = (version: number) => `"${version}"`;

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
    private readonly patients: PatientAccessRepository,
    private readonly episodes: EpisodesRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(ctx: RequestContext, dto: CreateEpisodeDto): Promise<EpisodeChanged> {
    const now = this.clock.now();
    return writeTransaction(
      this.db,
      async (em) => {
        const { patient } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'proactive_care_episode.create', resourceType: 'proactive_care_episode' }, { lock: true });
        if (!patient.gpPracticeOds) throw new ValidationFailed('The patient has no GP practice', [{ field: 'nhsNumber', message: 'the patient has no registered GP practice (the accountable lead)' }]);
        if (dto.practiceOds && dto.practiceOds !== patient.gpPracticeOds) {
          throw new ValidationFailed('The practice is not the patient’s', [{ field: 'practiceOds', message: 'is not the practice the patient is registered with' }]);
        }
        if (!(await this.episodes.teamExists(em, dto.careCoordinator.teamCode))) {
          throw new ValidationFailed('No such team', [{ field: 'careCoordinator.teamCode', message: 'is not a known team' }]);
        }
        if (await this.episodes.hasOpen(em, patient.id)) throw new EpisodeAlreadyOpen();
        const id = await this.episodes.insert(em, {
          patientId: patient.id,
          practiceOds: patient.gpPracticeOds,
          teamCode: dto.careCoordinator.teamCode,
          careCoordinatorStaffId: dto.careCoordinator.staffId,
          careCoordinatorName: dto.careCoordinator.name,
          accountableGp: dto.accountableGp ?? null,
          statusChangedAt: now,
          createdBy: ctx.principal.sub,
        });
        await this.episodes.addEvent(em, ctx.principal, id, {
          at: now,
          from: null,
          to: 'identified',
          reason: null,
          detail: { teamCode: dto.careCoordinator.teamCode, careCoordinator: dto.careCoordinator.staffId },
        });
        return this.changed(em, id);
      },
      // A concurrent create for the same patient loses on the one-open-episode index.
      { constraints: { uq_episodes_open_per_patient: () => new EpisodeAlreadyOpen() } },
    );
  }

  transition(ctx: RequestContext, id: string, dto: TransitionEpisodeDto, ifMatch?: string): Promise<EpisodeChanged> {
    return this.db.transaction((em) => this.transitionIn(em, ctx, id, dto, ifMatch));
  }

  /** The same rules inside the caller's transaction (an MDT outcome moving the episode on). */
  async transitionIn(em: EntityManager, ctx: RequestContext, id: string, dto: TransitionEpisodeDto, ifMatch?: string): Promise<EpisodeChanged> {
    const now = this.clock.now();
    const locked = await this.episodes.lock(em, id);
    if (!locked) throw new EpisodeNotFound();
    await this.authorise(em, ctx, locked.patientId, 'proactive_care_episode.transition', id);
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== episodeEtag(locked.version)) {
      throw new PreconditionFailed(`The episode is at version ${locked.version}`);
    }
    const at = dto.at ? new Date(dto.at) : undefined;
    if (at && Number.isNaN(at.getTime())) throw new ValidationFailed('at is not a real time', [{ field: 'at', message: 'is not a real time' }]);
    const plan = planTransition(
      { status: locked.status, lastChangedAt: locked.statusChangedAt, startedAt: locked.startedAt },
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
      await this.episodes.lockTeam(em, locked.teamCode);
      const active = await this.episodes.countActive(em, locked.teamCode);
      const capacity = this.config.caseloads.teamCapacityOverrides[locked.teamCode] ?? this.config.caseloads.teamCapacity;
      if (!hasCapacity(active, capacity)) {
        throw new CaseloadFull(`Team ${locked.teamCode} already holds ${active} of ${capacity} active episodes`);
      }
    }
    await this.episodes.applyTransition(em, id, plan);
    await this.episodes.addEvent(em, ctx.principal, id, {
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
      const patientId = await this.episodes.patientOf(em, id);
      if (!patientId) throw new EpisodeNotFound();
      await this.authorise(em, ctx, patientId, 'proactive_care_episode.read', id);
      return this.changed(em, id);
    });
  }

  /** The access gate for the episode's patient; no access looks like no episode. */
  private async authorise(em: EntityManager, ctx: RequestContext, patientId: string, action: string, id: string): Promise<void> {
    const patient = await this.patients.byId(em, patientId);
    try {
      await this.access.authorise(em, ctx, patient, { action, resourceType: 'proactive_care_episode', resourceId: id });
    } catch (e) {
      if (e instanceof PatientNotFound) throw new EpisodeNotFound();
      throw e;
    }
  }

  private async changed(em: EntityManager, id: string): Promise<EpisodeChanged> {
    const r = await this.episodes.get(em, id);
    const events = await this.episodes.events(em, id);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      etag: episodeEtag(r.version),
      view: {
        id: r.id,
        nhsNumber: r.nhsNumber,
        practiceOds: r.practiceOds,
        status: r.status,
        careCoordinator: { staffId: r.careCoordinatorStaffId, name: r.careCoordinatorName, teamCode: r.teamCode },
        accountableLead: { practiceOds: r.practiceOds, gp: r.accountableGp },
        disciplines: r.disciplines,
        reason: r.reason,
        statusChangedAt: r.statusChangedAt.toISOString(),
        startedAt: iso(r.startedAt),
        plannedEndAt: iso(r.plannedEndAt),
        endedAt: iso(r.endedAt),
        createdAt: r.createdAt.toISOString(),
        version: r.version,
        history: events.map((e) => ({ at: e.at.toISOString(), from: e.from, to: e.to, reason: e.reason, by: e.actorSub, byName: e.actorName, detail: e.detail })),
      },
    };
  }
}
