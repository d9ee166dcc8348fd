import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { NotFound } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DeathRegistry } from '../patients/death-registry';
import { TasksService } from '../tasks/tasks.service';
import type { PdsCandidate, PdsPerson } from './domain/pds-fhir';
import { candidatesText, decideTrace } from './domain/trace-decision';
import { PdsClient, PdsUnavailable } from './pds-client';

export type TraceOutcome =
  | { outcome: 'attached'; nhsNumber: string; practiceDiffers: boolean }
  | { outcome: 'duplicate'; nhsNumber: string; duplicateId: string }
  | { outcome: 'no_match' | 'ambiguous'; candidates: number }
  | { outcome: 'unavailable'; retryAt: string }
  | { outcome: 'not_untraced' };

interface UntracedRow {
  id: string;
  nhs_number: string | null;
  merged_into_id: string | null;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  sex: string | null;
  address: { line1?: string; postcode?: string } | null;
  gp_practice_ods: string | null;
}

export class UntracedPatientNotFound extends NotFound {
  constructor() {
    super('UNTRACED_PATIENT_NOT_FOUND', 'Untraced patient not found', 'No patient record without an NHS number has this id');
  }
}

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
  ) {}

  /** On request (care navigator): trace one untraced patient now. */
  async traceNow(ctx: RequestContext, patientId: string): Promise<TraceOutcome> {
    const [row]: UntracedRow[] = await this.db.query(`${SELECT} WHERE id = $1`, [patientId]);
    if (!row) throw new UntracedPatientNotFound();
    if (row.nhs_number !== null || row.merged_into_id !== null) return { outcome: 'not_untraced' };
    const outcome = await this.trace(row);
    await this.audit.record(this.db.manager, ctx, { action: 'patient.trace', resourceType: 'patient', resourceId: patientId, patient: { id: patientId, nhsNumber: null } });
    return outcome;
  }

  /** The background pass: claims due untraced patients (SKIP LOCKED + a lease), traces each. */
  async traceDue(now = new Date()): Promise<{ traced: number; attached: number; unavailable: number }> {
    if (!this.pds.configured) return { traced: 0, attached: 0, unavailable: 0 };
    const leaseUntil = new Date(now.getTime() + Math.max(60_000, this.config.identity.pdsTimeoutMs * this.config.identity.pdsAttempts * 2));
    const [claimed]: [UntracedRow[], number] = await this.db.query(
      `UPDATE patients SET trace_next_at = $2 WHERE id IN (
         SELECT id FROM patients WHERE nhs_number IS NULL AND merged_into_id IS NULL AND trace_next_at <= $1
         ORDER BY trace_next_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, nhs_number, merged_into_id, given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, sex, address, gp_practice_ods`,
      [now, leaseUntil, this.config.identity.traceBatchSize],
    );
    let attached = 0;
    let unavailable = 0;
    for (const row of claimed) {
      const r = await this.trace(row);
      if (r.outcome === 'attached') attached++;
      if (r.outcome === 'unavailable') unavailable++;
    }
    return { traced: claimed.length, attached, unavailable };
  }

  private async trace(row: UntracedRow): Promise<TraceOutcome> {
    let candidates: PdsCandidate[];
    try {
      candidates = await this.pds.search({
        family: row.family_name,
        given: row.given_name,
        birthdate: row.date_of_birth,
        gender: row.sex,
        postcode: row.address?.postcode ?? null,
      });
    } catch (e) {
      if (!(e instanceof PdsUnavailable)) throw e;
      const retryAt = new Date(Date.now() + this.config.identity.traceRetryMinutes * 60_000);
      await this.db.query(
        'UPDATE patients SET trace_next_at = $2, trace_attempts = trace_attempts + 1 WHERE id = $1 AND nhs_number IS NULL AND merged_into_id IS NULL',
        [row.id, retryAt],
      );
      return { outcome: 'unavailable', retryAt: retryAt.toISOString() };
    }
    const decision = decideTrace(candidates, { dateOfBirth: row.date_of_birth }, this.config.identity.traceMatchThreshold);
    return this.db.transaction(async (em) => {
      const [locked]: { id: string }[] = await em.query('SELECT id FROM patients WHERE id = $1 AND nhs_number IS NULL AND merged_into_id IS NULL FOR UPDATE', [row.id]);
      if (!locked) return { outcome: 'not_untraced' } as const;
      const team = (await this.tasks.teamOfOpen(em, traceKey(row.id))) ?? (await this.spoaTeam(em));
      if (decision.kind !== 'unique') {
        await em.query(`UPDATE patients SET nhs_number_status = '04', trace_next_at = NULL, trace_attempts = trace_attempts + 1 WHERE id = $1`, [row.id]);
        if (team) {
          await this.tasks.upsertDetail(em, {
            type: 'trace_nhs_number',
            teamCode: team,
            patientId: row.id,
            title: 'Trace the NHS number of a referred patient',
            detail: candidatesText(decision.candidates),
            dueAt: new Date(Date.now() + this.config.referrals.traceTaskDueHours * 3_600_000),
            source: { type: 'patient', id: row.id },
            createdBy: SYSTEM,
            dedupeKey: traceKey(row.id),
          });
        }
        return { outcome: decision.kind, candidates: decision.candidates.length };
      }
      const match = decision.match;
      const [holder]: { id: string; merged_into_id: string | null }[] = await em.query('SELECT id, merged_into_id FROM patients WHERE nhs_number = $1', [match.nhsNumber]);
      if (holder) {
        // The person is already on file under their number: two records, one person. A person merges them.
        await em.query(`UPDATE patients SET nhs_number_status = '05', trace_next_at = NULL, trace_attempts = trace_attempts + 1 WHERE id = $1`, [row.id]);
        if (team) {
          await this.tasks.create(em, {
            type: 'merge_duplicate_patient',
            teamCode: team,
            patientId: holder.id,
            title: 'Merge a duplicate patient record',
            detail: `A record taken without an NHS number traces to ${match.nhsNumber}, already on file. Check, then POST /patients/${match.nhsNumber}/merge { "duplicateId": "${row.id}" }.`,
            dueAt: new Date(Date.now() + this.config.referrals.traceTaskDueHours * 3_600_000),
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
  private async attach(em: EntityManager, row: UntracedRow, pds: PdsPerson, team: string | null): Promise<boolean> {
    const [practice]: { ods_code: string }[] = pds.gpPracticeOds
      ? await em.query(`SELECT ods_code FROM organisations WHERE ods_code = $1 AND type = 'gp_practice'`, [pds.gpPracticeOds])
      : [];
    const practiceDiffers = pds.gpPracticeOds !== null && row.gp_practice_ods !== null && pds.gpPracticeOds !== row.gp_practice_ods;
    const address = pds.addressLines.length || pds.postcode ? { line1: pds.addressLines[0] ?? row.address?.line1 ?? 'Unknown', ...(pds.addressLines[1] ? { town: pds.addressLines[1] } : {}), ...(pds.postcode ? { postcode: pds.postcode } : {}) } : row.address;
    await em.query(
      `UPDATE patients SET nhs_number = $2, nhs_number_status = '01', needs_tracing = false, trace_next_at = NULL, trace_attempts = trace_attempts + 1,
         given_name = COALESCE($3, given_name), family_name = $4, date_of_birth = $5, sex = COALESCE($6, sex), address = $7::jsonb,
         gp_practice_ods = COALESCE($8, gp_practice_ods), deceased_at = COALESCE($9::timestamptz, deceased_at), version = version + 1, updated_at = now()
       WHERE id = $1`,
      [row.id, pds.nhsNumber, pds.givenName, pds.familyName, pds.dateOfBirth, pds.sex, JSON.stringify(address), practice?.ods_code ?? null, pds.deceasedAt],
    );
    if (pds.deceasedAt) await this.deaths.recordDeath(em, row.id, new Date(pds.deceasedAt), SYSTEM);
    if (team) {
      await this.tasks.completeByKey(em, traceKey(row.id), `Traced automatically (PDS): ${pds.nhsNumber}`, SYSTEM);
      if (practiceDiffers) {
        await this.tasks.create(em, {
          type: 'registered_practice_differs',
          teamCode: team,
          patientId: row.id,
          title: 'Registered GP practice differs from PDS',
          detail: `The referral named ${row.gp_practice_ods}; PDS says ${pds.gpPracticeOds}${practice ? ' (now on the record)' : ' (not a known practice: the record keeps the referral’s)'}. Check with the patient and the practices.`,
          dueAt: new Date(Date.now() + this.config.referrals.traceTaskDueHours * 3_600_000),
          source: { type: 'patient', id: row.id },
          createdBy: SYSTEM,
          dedupeKey: `registered_practice_differs:${row.id}:${pds.gpPracticeOds}`,
        });
      }
    }
    return practiceDiffers;
  }

  private async spoaTeam(em: EntityManager): Promise<string | null> {
    const [t]: { code: string }[] = await em.query(`SELECT code FROM teams WHERE type = 'single_point_of_access' ORDER BY code LIMIT 1`);
    return t?.code ?? null;
  }
}

const SELECT = `SELECT id, nhs_number, merged_into_id, given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, sex, address, gp_practice_ods FROM patients`;
