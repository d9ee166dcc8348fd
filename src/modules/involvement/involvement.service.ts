import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { Forbidden, ValidationFailed } from '../../common/errors/domain-error';
import { TeamsRepository } from '../teams/teams.repository';
import { TeamNotFound } from '../teams/team-errors';
import { InvolvementNotFound } from './involvement-errors';
import { involvementDatesProblem, maySetSubscriptions } from './domain/involvement-rules';
import type { AddInvolvementDto, InvolvementView, TeamSubscriptionsDto, TeamSubscriptionsView } from './dto/involvement.dto';
import { type Involvement, InvolvementsRepository } from './involvements.repository';
import { TeamSubscriptionsRepository } from './team-subscriptions.repository';

const toView = (r: Involvement): InvolvementView => ({
  id: r.id,
  teamCode: r.teamCode,
  reason: r.reason,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  endedAt: r.endedAt?.toISOString() ?? null,
  addedBy: r.addedBy,
});

/** Explicit involvement additions and team subscriptions (the two ways a user widens "who hears"). */
@Injectable()
export class InvolvementService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly involvements: InvolvementsRepository,
    private readonly subscriptions: TeamSubscriptionsRepository,
    private readonly teams: TeamsRepository,
    private readonly clock: Clock,
  ) {}

  async add(ctx: RequestContext, nhsNumber: string, dto: AddInvolvementDto): Promise<InvolvementView> {
    const now = this.clock.now();
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : now;
    const problem = involvementDatesProblem(startsAt, new Date(dto.endsAt), now);
    if (problem) throw new ValidationFailed('The involvement is not valid', [problem]);
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.involvement.add' });
      if (!(await this.teams.kind(em, dto.teamCode))) throw new ValidationFailed('The involvement is not valid', [{ field: 'teamCode', message: 'is not a known team' }]);
      const row = await this.involvements.insert(em, {
        patientId: patient.id,
        teamCode: dto.teamCode,
        reason: dto.reason.trim(),
        startsAt,
        endsAt: new Date(dto.endsAt),
        addedBy: ctx.principal.sub,
      });
      await this.audit.record(em, ctx, { action: 'patient.involvement.added', resourceType: 'patient_involvement', resourceId: row.id, patient });
      return toView(row);
    });
  }

  async list(ctx: RequestContext, nhsNumber: string): Promise<{ items: InvolvementView[] }> {
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.involvement.read' });
      return { items: (await this.involvements.forPatient(em, patient.id)).map(toView) };
    });
  }

  /** Ends an explicit involvement now (it stays in the history). */
  async end(ctx: RequestContext, nhsNumber: string, id: string): Promise<InvolvementView> {
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.involvement.end' });
      const row = await this.involvements.end(em, id, patient.id);
      if (!row) throw new InvolvementNotFound();
      await this.audit.record(em, ctx, { action: 'patient.involvement.ended', resourceType: 'patient_involvement', resourceId: id, patient });
      return toView(row);
    });
  }

  async getSubscriptions(code: string): Promise<TeamSubscriptionsView> {
    const subscriptions = await this.subscriptions.forTeam(this.db.manager, code);
    if (!subscriptions) throw new TeamNotFound(code);
    return subscriptions;
  }

  async setSubscriptions(ctx: RequestContext, code: string, dto: TeamSubscriptionsDto): Promise<TeamSubscriptionsView> {
    if (!(await this.teams.kind(this.db.manager, code))) throw new TeamNotFound(code);
    if (!maySetSubscriptions(ctx.principal, ctx.principal.permissions.has(Permission.TeamWrite), code)) {
      throw new Forbidden('Only the team itself or a team administrator may change its subscriptions');
    }
    const subscriptions = { teamCode: code, admissionsOfAlignedPractices: dto.admissionsOfAlignedPractices ?? false };
    return this.db.transaction(async (em) => {
      await this.subscriptions.set(em, subscriptions, ctx.principal.sub);
      await this.audit.record(em, ctx, { action: 'team.subscriptions.set', resourceType: 'team', resourceId: code });
      return subscriptions;
    });
  }
}
