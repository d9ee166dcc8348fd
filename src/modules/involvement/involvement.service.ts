import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PatientAccessService } from '../../common/access/patient-access.service';
import { AuditService } from '../../common/audit/audit.service';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden, ValidationFailed } from '../../common/errors/domain-error';
import { TeamNotFound } from '../teams/teams.service';
import { InvolvementNotFound } from './involvement-errors';
import { involvementDatesProblem, maySetSubscriptions } from './domain/involvement-rules';
import type { AddInvolvementDto, InvolvementView, TeamSubscriptionsDto, TeamSubscriptionsView } from './dto/involvement.dto';

interface InvolvementRow {
  id: string;
  team_code: string;
  reason: string;
  starts_at: Date;
  ends_at: Date;
  ended_at: Date | null;
  added_by: string;
}

const toView = (r: InvolvementRow): InvolvementView => ({
  id: r.id,
  teamCode: r.team_code,
  reason: r.reason,
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at.toISOString(),
  endedAt: r.ended_at?.toISOString() ?? null,
  addedBy: r.added_by,
});

const COLUMNS = 'id, team_code, reason, starts_at, ends_at, ended_at, added_by';

/** Explicit involvement additions and team subscriptions (the two ways a user widens "who hears"). */
@Injectable()
export class InvolvementService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
  ) {}

  async add(ctx: RequestContext, nhsNumber: string, dto: AddInvolvementDto, now = new Date()): Promise<InvolvementView> {
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : now;
    const problem = involvementDatesProblem(startsAt, new Date(dto.endsAt), now);
    if (problem) throw new ValidationFailed('The involvement is not valid', [problem]);
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.involvement.add' });
      const [team]: { code: string }[] = await em.query('SELECT code FROM teams WHERE code = $1', [dto.teamCode]);
      if (!team) throw new ValidationFailed('The involvement is not valid', [{ field: 'teamCode', message: 'is not a known team' }]);
      const [row]: InvolvementRow[] = await em.query(
        `INSERT INTO patient_involvements (patient_id, team_code, reason, starts_at, ends_at, added_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [patient.id, dto.teamCode, dto.reason.trim(), startsAt, new Date(dto.endsAt), ctx.principal.sub],
      );
      await this.audit.record(em, ctx, { action: 'patient.involvement.added', resourceType: 'patient_involvement', resourceId: row.id, patient });
      return toView(row);
    });
  }

  async list(ctx: RequestContext, nhsNumber: string): Promise<{ items: InvolvementView[] }> {
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.involvement.read' });
      const rows: InvolvementRow[] = await em.query(`SELECT ${COLUMNS} FROM patient_involvements WHERE patient_id = $1 ORDER BY starts_at DESC, id`, [patient.id]);
      return { items: rows.map(toView) };
    });
  }

  /** Ends an explicit involvement now (it stays in the history). */
  async end(ctx: RequestContext, nhsNumber: string, id: string): Promise<InvolvementView> {
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.involvement.end' });
      // An UPDATE answers [rows, count] through TypeORM.
      const [[row]]: [InvolvementRow[], number] = await em.query(
        `UPDATE patient_involvements SET ended_at = COALESCE(ended_at, now()) WHERE id = $1 AND patient_id = $2 RETURNING ${COLUMNS}`,
        [id, patient.id],
      );
      if (!row) throw new InvolvementNotFound();
      await this.audit.record(em, ctx, { action: 'patient.involvement.ended', resourceType: 'patient_involvement', resourceId: id, patient });
      return toView(row);
    });
  }

  async getSubscriptions(code: string): Promise<TeamSubscriptionsView> {
    const [team]: { code: string; admissions: boolean | null }[] = await this.db.query(
      `SELECT t.code, s.admissions_of_aligned_practices AS admissions FROM teams t LEFT JOIN team_subscriptions s ON s.team_code = t.code WHERE t.code = $1`,
      [code],
    );
    if (!team) throw new TeamNotFound(code);
    return { teamCode: team.code, admissionsOfAlignedPractices: team.admissions ?? false };
  }

  async setSubscriptions(ctx: RequestContext, code: string, dto: TeamSubscriptionsDto): Promise<TeamSubscriptionsView> {
    const [team]: { code: string }[] = await this.db.query('SELECT code FROM teams WHERE code = $1', [code]);
    if (!team) throw new TeamNotFound(code);
    if (!maySetSubscriptions(ctx.principal, ctx.principal.permissions.has(Permission.TeamWrite), code)) {
      throw new Forbidden('Only the team itself or a team administrator may change its subscriptions');
    }
    return this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO team_subscriptions (team_code, admissions_of_aligned_practices, updated_by, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (team_code) DO UPDATE SET admissions_of_aligned_practices = EXCLUDED.admissions_of_aligned_practices,
           updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [code, dto.admissionsOfAlignedPractices ?? false, ctx.principal.sub],
      );
      await this.audit.record(em, ctx, { action: 'team.subscriptions.set', resourceType: 'team', resourceId: code });
      return { teamCode: code, admissionsOfAlignedPractices: dto.admissionsOfAlignedPractices ?? false };
    });
  }
}
