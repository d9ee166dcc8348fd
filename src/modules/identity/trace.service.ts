import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Clock } from '../../common/clock';
import { DeathRegistry } from '../patients/death-registry';
import { PatientsForIdentityRepository, type UntracedPatient } from '../patients/for-identity.repository';
import { TasksService } from '../tasks/tasks.service';
import type { PdsCandidate, PdsPerson } from './domain/pds-fhir';
import { candidatesText, decideTrace } from './domain/trace-decision';
import { IdentityRepository } from './identity.repository';
import { PdsClient, PdsUnavailable } from './pds-client';
import { UntracedPatientNotFound } from './identity-errors';

export type TraceOutcome =
  | { outcome: 'attached'; nhsNumber: string; practiceDiffers: boolean }
  | { outcome: 'duplicate'; nhsNumber: string; duplicateId: string }
  | { outcome: 'no_match' | 'ambiguous'; candidates: number }
  | { outcome: 'unavailable'; retryAt: string }
  | { outcome: 'not_untraced' };

const SYSTEM = 'system:trace';
const traceKey = (patientId: string) => `trace_nhs_number:${patientId}`;

/**
 * Tracing NHS numbers of patients taken without one (a referral with name, date of birth and
 * address). PDS is called outside any transaction; the result is applied in one, after re-reading
 * the record under a row lock. A unique strong match attaches the number (PDS demographics win);
 * a number already on another record is a duplicate (task to merge); anything else leaves the
 * trace_nhs_number task with the candidates. PDS being down, slow or answering garbage never loses
 * the referral: the trace is simply due again later.
 */
@Injectable()
export class TraceService {
  constructor(
    private readonly db: DataSource,
    private readonly pds: PdsClient,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly deaths: DeathRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly patients: PatientsForIdentityRepository,
    private readonly repo: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  /** On request (care navigator): trace one untraced patient now. */
  async traceNow(ctx: RequestContext, patientId: string): Promise<TraceOutcome> {
    const row = await this.patients.byId(this.db.manager, patientId);
    if (!row) throw new UntracedPatientNotFound();
    if (row.nhsNumber !== null || row.mergedIntoId !== null) return { outcome: 'not_untraced' };
    const outcome = await this.trace(row);
    await this.audit.record(this.db.manager, ctx, { action: 'patient.trace', resourceType: 'patient', resourceId: patientId, patient: { id: patientId, nhsNumber: null } });
    return outcome;
  }

  /** The background pass: claims due untraced patients (SKIP LOCKED + a lease), traces each. */
  async traceDue(now = this.clock.now()): Promise<{ traced: number; attached: number; unavailable: number }> {
    if (!this.pds.configured) return { traced: 0, attached: 0, unavailable: 0 };
    const leaseUntil = new Date(now.getTime() + Math.max(60_000, this.config.identity.pdsTimeoutMs * this.config.identity.pdsAttempts * 2));
    const claimed = await this.patients.claimDue(this.db.manager, now, leaseUntil, this.config.identity.traceBatchSize);
    let attached = 0;
    let unavailable = 0;
    for (const row of claimed) {
      const r = await this.trace(row);
      if (r.outcome === 'attached') attached++;
      if (r.outcome === 'unavailable') unavailable++;
    }
    return { traced: claimed.length, attached, unavailable };
  }

  private async trace(row: UntracedPatient): Promise<TraceOutcome> {
    let candidates: PdsCandidate[];
    try {
      candidates = await this.pds.search({
        family: row.familyName,
        given: row.givenName,
        birthdate: row.dateOfBirth,
        gender: row.sex,
        postcode: row.address?.postcode ?? null,
      });
    } catch (e) {
      if (!(e instanceof PdsUnavailable)) throw e;
      const retryAt = new Date(this.clock.now().getTime() + this.config.identity.traceRetryMinutes * 60_000);
      await this.patients.traceAgainAt(this.db.manager, row.id, retryAt);
      return { outcome: 'unavailable', retryAt: retryAt.toISOString() };
    }
    const decision = decideTrace(candidates, { dateOfBirth: row.dateOfBirth }, this.config.identity.traceMatchThreshold);
    return this.db.transaction(async (em) => {
      if (!(await this.patients.lockUntraced(em, row.id))) return { outcome: 'not_untraced' } as const;
      const team = (await this.tasks.teamOfOpen(em, traceKey(row.id))) ?? (await this.repo.identityTeam(em));
      if (decision.kind !== 'unique') {
        await this.patients.traceFailed(em, row.id, '04');
        if (team) {
          await this.tasks.upsertDetail(em, {
            type: 'trace_nhs_number',
            teamCode: team,
            patientId: row.id,
            title: 'Trace the NHS number of a referred patient',
            detail: candidatesText(decision.candidates),
            dueAt: this.taskDue(),
            source: { type: 'patient', id: row.id },
            createdBy: SYSTEM,
            dedupeKey: traceKey(row.id),
          });
        }
        return { outcome: decision.kind, candidates: decision.candidates.length };
      }
      const match = decision.match;
      const holder = await this.patients.holderOf(em, match.nhsNumber);
      if (holder) {
        // The person is already on file under their number: two records, one person. A person merges them.
        await this.patients.traceFailed(em, row.id, '05');
        if (team) {
          await this.tasks.create(em, {
            type: 'merge_duplicate_patient',
            teamCode: team,
            patientId: holder.id,
            title: 'Merge a duplicate patient record',
            detail: `A record taken without an NHS number traces to ${match.nhsNumber}, already on file. Check, then POST /patients/${match.nhsNumber}/merge { "duplicateId": "${row.id}" }.`,
            dueAt: this.taskDue(),
            source: { type: 'patient', id: row.id },
            createdBy: SYSTEM,
            dedupeKey: `merge_duplicate_patient:${row.id}`,
          });
          await this.tasks.completeByKey(em, traceKey(row.id), `Traced to ${match.nhsNumber}, which is already on file: merge task raised`, SYSTEM);
        }
        return { outcome: 'duplicate', nhsNumber: match.nhsNumber, duplicateId: row.id };
      }
      const practiceDiffers = await this.attach(em, row, match, team);
      await this.audit.record(em, { principal: { sub: SYSTEM, roles: [], teams: [], permissions: new Set() }, correlationId: '' }, {
        action: 'patient.traced',
        resourceType: 'patient',
        resourceId: match.nhsNumber,
        patient: { id: row.id, nhsNumber: match.nhsNumber },
      });
      return { outcome: 'attached', nhsNumber: match.nhsNumber, practiceDiffers };
    });
  }

  /** Attaches the number; PDS demographics win over the typed ones. A different registered practice raises a task. */
  private async attach(em: EntityManager, row: UntracedPatient, pds: PdsPerson, team: string | null): Promise<boolean> {
    const practice = pds.gpPracticeOds ? await this.repo.knownPractice(em, pds.gpPracticeOds) : null;
    const practiceDiffers = pds.gpPracticeOds !== null && row.gpPracticeOds !== null && pds.gpPracticeOds !== row.gpPracticeOds;
    const address = pds.addressLines.length || pds.postcode ? { line1: pds.addressLines[0] ?? row.address?.line1 ?? 'Unknown', ...(pds.addressLines[1] ? { town: pds.addressLines[1] } : {}), ...(pds.postcode ? { postcode: pds.postcode } : {}) } : row.address;
    await this.patients.attach(em, row.id, {
      nhsNumber: pds.nhsNumber,
      givenName: pds.givenName,
      familyName: pds.familyName,
      dateOfBirth: pds.dateOfBirth,
      sex: pds.sex,
      address,
      gpPracticeOds: practice,
      deceasedAt: pds.deceasedAt,
    });
    if (pds.deceasedAt) await this.deaths.recordDeath(em, row.id, new Date(pds.deceasedAt), SYSTEM);
    if (team) {
      await this.tasks.completeByKey(em, traceKey(row.id), `Traced automatically (PDS): ${pds.nhsNumber}`, SYSTEM);
      if (practiceDiffers) {
        await this.tasks.create(em, {
          type: 'registered_practice_differs',
          teamCode: team,
          patientId: row.id,
          title: 'Registered GP practice differs from PDS',
          detail: `The referral named ${row.gpPracticeOds}; PDS says ${pds.gpPracticeOds}${practice ? ' (now on the record)' : ' (not a known practice: the record keeps the referral’s)'}. Check with the patient and the practices.`,
          dueAt: this.taskDue(),
          source: { type: 'patient', id: row.id },
          createdBy: SYSTEM,
          dedupeKey: `registered_practice_differs:${row.id}:${pds.gpPracticeOds}`,
        });
      }
    }
    return practiceDiffers;
  }

  /** When a trace's task falls due. */
  private taskDue(): Date {
    return new Date(this.clock.now().getTime() + this.config.referrals.traceTaskDueHours * 3_600_000);
  }
}
