import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientAccessService } from '../../../common/access/patient-access.service';
import { AuditService } from '../../../common/audit/audit.service';
import type { RequestContext } from '../../../common/auth/principal';
import { Clock } from '../../../common/clock';
import { PeriodicJob } from '../../../common/jobs/periodic-job';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import { AlertsService } from '../../alerts/alerts.service';
import type { PatientEntity } from '../../patients/patient.entity';
import { inReachTeams, respondBy } from './domain/in-reach';
import { type ClockRow, InReachRepository } from './in-reach.repository';
import { AttendanceNotFound } from '../integration-errors';

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
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: InReachRepository,
    private readonly clock: Clock,
  ) {
    super('ae_in_reach_breach_check', config.integrations.inReachCheckIntervalSeconds * 1000);
  }

  protected runOnce() {
    return this.checkBreaches();
  }

  /** An A&E attendance (HL7 A04 with PV1-2 = E). Returns the clock's id, or null when no team knows the patient. */
  async attend(em: EntityManager, patient: PatientEntity, hospitalOds: string, arrivedAt: Date): Promise<string | null> {
    const relationships = await this.access.relationshipsOf(em, patient);
    const rr = await this.repo.rapidResponseTeams(em, patient.gpPracticeOds);
    const { alerted } = inReachTeams(relationships, rr);
    if (alerted.length === 0) return null;
    const due = respondBy(arrivedAt, this.config.integrations.inReachTargetMinutes);
    const id = await this.repo.start(em, { patientId: patient.id, hospitalOds, arrivedAt, respondBy: due, teamCodes: alerted });
    if (!id) return null;
    await this.alerts.raise(em, {
      type: 'ae_attendance',
      teamCodes: alerted,
      patientId: patient.id,
      detail: { attendanceId: id, hospitalOds, arrivedAt: arrivedAt.toISOString(), respondBy: due.toISOString() },
      dedupeKey: `ae_attendance:${id}`,
    });
    return id;
  }

  /** The patient left A&E (discharged from A&E, or admitted): open clocks at that hospital stop. */
  left(em: EntityManager, patientId: string, hospitalOds: string, at: Date): Promise<number> {
    return this.repo.left(em, patientId, hospitalOds, at);
  }

  /** A team saw the patient in A&E: the clock stops (audited). */
  seen(ctx: RequestContext, id: string): Promise<InReachClockView> {
    return this.db.transaction(async (em) => {
      const row = await this.repo.lockWaiting(em, id);
      if (!row) throw new AttendanceNotFound();
      await this.access.open(em, ctx, row.nhsNumber, { action: 'ae_attendance.seen', resourceType: 'ae_attendance', resourceId: id });
      await this.repo.seen(em, id);
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
    const rows = await this.repo.clocks(em, q);
    const now = this.clock.now().getTime();
    return rows.map((r: ClockRow) => ({
      ...r,
      arrivedAt: r.arrivedAt.toISOString(),
      respondBy: r.respondBy.toISOString(),
      breached: r.status === 'waiting' && r.respondBy.getTime() < now,
    }));
  }

  /** One pass: waiting clocks past respondBy get one `ae_in_reach_breach` alert to their teams. */
  async checkBreaches(now: Date = this.clock.now()): Promise<{ breaches: number }> {
    return this.db.transaction(async (em) => {
      const rows = await this.repo.claimBreached(em, now);
      let breaches = 0;
      for (const r of rows) {
        const created = await this.alerts.raise(em, {
          type: 'ae_in_reach_breach',
          teamCodes: r.teamCodes,
          patientId: r.patientId,
          detail: { attendanceId: r.id, hospitalOds: r.hospitalOds, respondBy: r.respondBy.toISOString() },
          dedupeKey: `ae_in_reach_breach:${r.id}`,
        });
        if (created.length) breaches++;
        await this.repo.breachAlerted(em, r.id, now);
      }
      return { breaches };
    });
  }
}
