import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../../common/access/patient-access.service';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { NotFound } from '../../../common/errors/domain-error';
import { PeriodicJob } from '../../../common/jobs/periodic-job';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import { AlertsService } from '../../alerts/alerts.service';
import { PatientEntity } from '../../patients/patient.entity';
import { inReachTeams, respondBy } from './domain/in-reach';

export class AttendanceNotFound extends NotFound {
  constructor() {
    super('AE_ATTENDANCE_NOT_FOUND', 'A&E attendance not found', 'No open A&E in-reach clock with this id');
  }
}

export interface InReachClockView {
  id: string;
  nhsNumber: string;
  hospitalOds: string;
  arrivedAt: string;
  respondBy: string;
  status: string;
  teamCodes: string[];
  breached: boolean;
}

/**
 * The A&E in-reach clock (domain: known patients at A&E are seen within 2-4 h). An attendance of a
 * patient known to (involved with) a team alerts those teams and the locality's rapid response
 * team and starts a clock; seen (REST) or left A&E (HL7 A03/A01) stops it. The breach check runs on
 * every instance and alerts once: rows are claimed FOR UPDATE SKIP LOCKED and the alert's dedupe key
 * makes a second alert impossible.
 */
@Injectable()
export class InReachService extends PeriodicJob {
  protected readonly jobName = 'ae_in_reach_breach_check';

  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.integrations.inReachCheckIntervalSeconds * 1000;
  }

  protected runOnce() {
    return this.checkBreaches();
  }

  /** An A&E attendance (HL7 A04 with PV1-2 = E). Returns the clock's id, or null when no team knows the patient. */
  async attend(em: EntityManager, patient: PatientEntity, hospitalOds: string, arrivedAt: Date): Promise<string | null> {
    const relationships = await this.access.relationshipsOf(em, patient);
    const rr: { code: string }[] = await em.query(
      `SELECT t.code FROM teams t JOIN organisations o ON o.ods_code = $1
       WHERE t.type = 'rapid_response' AND t.locality IS NOT DISTINCT FROM o.locality ORDER BY t.code`,
      [patient.gpPracticeOds],
    );
    const { alerted } = inReachTeams(relationships, rr.map((r) => r.code));
    if (alerted.length === 0) return null;
    const due = respondBy(arrivedAt, this.config.integrations.inReachTargetMinutes);
    const [row]: { id: string }[] = await em.query(
      `INSERT INTO ae_attendances (patient_id, hospital_ods, arrived_at, respond_by, team_codes) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT ON CONSTRAINT uq_ae_attendances_patient_hospital_arrived DO NOTHING RETURNING id`,
      [patient.id, hospitalOds, arrivedAt, due, JSON.stringify(alerted)],
    );
    if (!row) return null;
    await this.alerts.raise(em, {
      type: 'ae_attendance',
      teamCodes: alerted,
      patientId: patient.id,
      detail: { attendanceId: row.id, hospitalOds, arrivedAt: arrivedAt.toISOString(), respondBy: due.toISOString() },
      dedupeKey: `ae_attendance:${row.id}`,
    });
    return row.id;
  }

  /** The patient left A&E (discharged from A&E, or admitted): open clocks at that hospital stop. */
  async left(em: EntityManager, patientId: string, hospitalOds: string, at: Date): Promise<number> {
    const rows: { id: string }[] = await em.query(
      `WITH stopped AS (UPDATE ae_attendances SET status = 'left', stopped_at = $3
         WHERE patient_id = $1 AND hospital_ods = $2 AND status = 'waiting' RETURNING id) SELECT id FROM stopped`,
      [patientId, hospitalOds, at],
    );
    return rows.length;
  }

  /** A team saw the patient in A&E: the clock stops (audited). */
  seen(ctx: RequestContext, id: string): Promise<InReachClockView> {
    return this.db.transaction(async (em) => {
      const [row]: { patient_id: string; nhs_number: string }[] = await em.query(
        `SELECT a.patient_id, p.nhs_number FROM ae_attendances a JOIN patients p ON p.id = a.patient_id WHERE a.id = $1 AND a.status = 'waiting' FOR UPDATE OF a`,
        [id],
      );
      if (!row) throw new AttendanceNotFound();
      await this.access.open(em, ctx, row.nhs_number, { action: 'ae_attendance.seen', resourceType: 'ae_attendance', resourceId: id });
      await em.query(`UPDATE ae_attendances SET status = 'seen', stopped_at = now() WHERE id = $1`, [id]);
      const [{ patientId: _, ...view }] = await this.clocks(em, { id });
      return view;
    });
  }

  /** Open clocks for the teams given (the dashboard's clocks panel), nearest first. */
  async openClocks(ctx: RequestContext, teamCodes: string[] | null, limit = 50): Promise<InReachClockView[]> {
    return this.db.transaction(async (em) => {
      const views = await this.clocks(em, { teamCodes, limit });
      await this.audit.record(
        em,
        ctx,
        views.map((v) => ({ action: 'ae_attendance.read', resourceType: 'ae_attendance', resourceId: v.id, patient: { id: v.patientId, nhsNumber: v.nhsNumber } })),
      );
      return views.map(({ patientId: _, ...v }) => v);
    });
  }

  private async clocks(em: EntityManager, q: { id?: string; teamCodes?: string[] | null; limit?: number }): Promise<(InReachClockView & { patientId: string })[]> {
    const rows: { id: string; patient_id: string; nhs_number: string; hospital_ods: string; arrived_at: Date; respond_by: Date; status: string; team_codes: string[] }[] =
      await em.query(
        `SELECT a.id, a.patient_id, p.nhs_number, a.hospital_ods, a.arrived_at, a.respond_by, a.status, a.team_codes
         FROM ae_attendances a JOIN patients p ON p.id = a.patient_id
         WHERE ($1::uuid IS NULL OR a.id = $1) AND ($1::uuid IS NOT NULL OR a.status = 'waiting')
           AND ($2::text[] IS NULL OR a.team_codes ?| $2::text[])
         ORDER BY a.respond_by, a.id LIMIT $3`,
        [q.id ?? null, q.teamCodes ?? null, q.limit ?? 50],
      );
    const now = Date.now();
    return rows.map((r) => ({
      id: r.id,
      patientId: r.patient_id,
      nhsNumber: r.nhs_number,
      hospitalOds: r.hospital_ods,
      arrivedAt: r.arrived_at.toISOString(),
      respondBy: r.respond_by.toISOString(),
      status: r.status,
      teamCodes: r.team_codes,
      breached: r.status === 'waiting' && r.respond_by.getTime() < now,
    }));
  }

  /** One pass: waiting clocks past respondBy get one `ae_in_reach_breach` alert to their teams. */
  async checkBreaches(now: Date = new Date()): Promise<{ breaches: number }> {
    return this.db.transaction(async (em) => {
      const rows: { id: string; patient_id: string; hospital_ods: string; respond_by: Date; team_codes: string[] }[] = await em.query(
        `SELECT id, patient_id, hospital_ods, respond_by, team_codes FROM ae_attendances
         WHERE status = 'waiting' AND breach_alerted_at IS NULL AND respond_by < $1
         ORDER BY respond_by LIMIT 200 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      let breaches = 0;
      for (const r of rows) {
        const created = await this.alerts.raise(em, {
          type: 'ae_in_reach_breach',
          teamCodes: r.team_codes,
          patientId: r.patient_id,
          detail: { attendanceId: r.id, hospitalOds: r.hospital_ods, respondBy: r.respond_by.toISOString() },
          dedupeKey: `ae_in_reach_breach:${r.id}`,
        });
        if (created.length) breaches++;
        await em.query('UPDATE ae_attendances SET breach_alerted_at = $2 WHERE id = $1', [r.id, now]);
      }
      return { breaches };
    });
  }
}
