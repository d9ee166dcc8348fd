import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../common/access/patient-access.service';
import type { RequestContext } from '../../common/auth/principal';
import { writeTransaction } from '../../database/write-transaction';
import { CarePlanNotFound } from '../care-plans/care-plan-errors';
import { CarePlansService } from '../care-plans/care-plans.service';
import type { EpisodeStatus } from '../caseloads/domain/episode-state';
import { EpisodesService } from '../caseloads/episodes.service';
import { CaseloadsForMdtRepository } from '../caseloads/for-mdt.repository';
import { TasksService } from '../tasks/tasks.service';
import { wallTimeToInstant } from './domain/recurrence';
import type { OutcomeDto } from './dto/mdt.dto';
import { MdtInvalid, OutcomeExists } from './mdt-errors';
import type { MdtAction } from './mdt.entities';
import { type OutcomeView, toOutcomeView } from './mdt.view';
import { MeetingsService } from './meetings.service';
import { OutcomesRepository } from './outcomes.repository';

/** MDT actions are due at 17:00 London time on their due date. */
const ACTION_TIME = { hour: 17, minute: 0, zone: 'Europe/London' };

/**
 * What the MDT decided for each patient discussed: the record, the team tasks its actions become,
 * and (through their owners) the care plan agreement and the Pro-Active Care episode move it asks for.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly outcomes: OutcomesRepository,
    private readonly meetings: MeetingsService,
    private readonly tasks: TasksService,
    private readonly episodes: EpisodesService,
    private readonly episodesForMdt: CaseloadsForMdtRepository,
    private readonly carePlans: CarePlansService,
  ) {}

  /**
   * Records what the MDT decided for one patient (through the access gate: refused like any other
   * patient access). Each action becomes an open `mdt_action` task for the meeting's team.
   * carePlanAgreed records the MDT's agreement on the patient's current care plan; episodeTransition moves the patient's Pro-Active Care
   * episode (the open one, or the one named) through the episode rules in the same transaction,
   * so an illegal move refuses the whole outcome.
   */
  async recordOutcome(ctx: RequestContext, id: string, dto: OutcomeDto): Promise<OutcomeView> {
    return writeTransaction(
      this.db,
      async (em) => {
        const m = await this.meetings.lockScheduled(em, ctx, id);
        const { patient } = await this.access.open(em, ctx, dto.nhsNumber, { action: 'mdt.outcome.record', resourceType: 'mdt_meeting', resourceId: id });
        // Before moving anything: a second outcome is refused as such (the unique key backs this up).
        if (await this.outcomes.exists(em, id, patient.id)) throw new OutcomeExists();
        const episodeTransition = dto.episodeTransition ? await this.moveEpisode(em, ctx, patient.id, dto.episodeTransition) : null;
        if (dto.carePlanAgreed) await this.recordPlanAgreement(em, ctx, dto.nhsNumber, m.startsAt);
        const outcome = await this.outcomes.create(em, {
          meetingId: id,
          patientId: patient.id,
          discussedAt: m.startsAt,
          summary: dto.summary,
          decisions: dto.decisions,
          actions: [],
          carePlanAgreed: dto.carePlanAgreed ?? null,
          episodeTransition,
          recordedBy: ctx.principal.sub,
        });
        const actions: MdtAction[] = [];
        for (const [i, a] of dto.actions.entries()) {
          const [y, mo, d] = a.dueDate.split('-').map(Number);
          const taskId = await this.tasks.create(em, {
            type: 'mdt_action',
            teamCode: m.teamCode,
            title: a.description,
            detail: `MDT action for ${a.ownerStaffId} (meeting ${m.startsAt.toISOString().slice(0, 10)})`,
            dueAt: wallTimeToInstant(y, mo, d, ACTION_TIME.hour, ACTION_TIME.minute, ACTION_TIME.zone),
            source: { type: 'mdt_outcome', id: outcome.id },
            patientId: patient.id,
            createdBy: ctx.principal.sub,
            dedupeKey: `mdt_action:${outcome.id}:${i}`,
          });
          actions.push({ description: a.description, ownerStaffId: a.ownerStaffId, dueDate: a.dueDate, taskId });
        }
        await this.outcomes.setActions(em, outcome.id, actions);
        return toOutcomeView({ ...outcome, actions }, patient.nhsNumber as string);
      },
      { constraints: { uq_mdt_outcomes_meeting_patient: () => new OutcomeExists() } },
    );
  }

  async getOutcome(ctx: RequestContext, id: string, nhsNumber: string): Promise<OutcomeView> {
    return this.db.transaction(async (em) => {
      await this.meetings.forCaller(em, ctx, id);
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'mdt.outcome.read', resourceType: 'mdt_meeting', resourceId: id });
      const o = await this.outcomes.find(em, id, patient.id);
      if (!o) throw new MdtInvalid('nhsNumber', 'has no outcome recorded at this meeting');
      return toOutcomeView(o, nhsNumber);
    });
  }

  /** The MDT's agreement goes on the plan's current version (role `mdt`; the plan still needs the GP and patient side). */
  private async recordPlanAgreement(em: EntityManager, ctx: RequestContext, nhsNumber: string, meetingStart: Date): Promise<void> {
    try {
      await this.carePlans.agreeIn(em, ctx, nhsNumber, { role: 'mdt', name: `MDT meeting ${meetingStart.toISOString().slice(0, 10)}`, patientInvolved: false });
    } catch (e) {
      if (e instanceof CarePlanNotFound) throw new MdtInvalid('carePlanAgreed', 'the patient has no anticipatory care plan yet');
      throw e;
    }
  }

  private async moveEpisode(em: EntityManager, ctx: RequestContext, patientId: string, t: { episodeId?: string; to: string; reason?: string }) {
    const episodeId = await this.episodesForMdt.episodeOf(em, patientId, t.episodeId);
    if (!episodeId) throw new MdtInvalid('episodeTransition.episodeId', 'is not an open Pro-Active Care episode of this patient');
    await this.episodes.transitionIn(em, ctx, episodeId, { to: t.to as EpisodeStatus, reason: t.reason });
    return { episodeId, to: t.to, reason: t.reason ?? null, applied: true };
  }
}
