import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Urgency } from './domain/catalogue';
import { OPEN_REFERRAL_STATUSES_SQL, type ReferralStatus } from './domain/referral-state';

/** A referral row with the patient fields every view needs. */
export interface ReferralRow {
  id: string;
  patient_id: string;
  status: ReferralStatus;
  urgency: Urgency;
  requested_service: string | null;
  needs: string[];
  reason: string;
  source_type: string;
  source_organisation_ods: string | null;
  source_name: string | null;
  source_contact: string | null;
  received_at: Date;
  respond_by: Date;
  breach_at: Date;
  spoa_team_code: string;
  duplicate_of: string | null;
  created_by: string;
  created_by_name: string | null;
  created_by_org: string | null;
  triage_decision: string | null;
  triaged_at: Date | null;
  triaged_by: string | null;
  triage_notes: string | null;
  closed_at: Date | null;
  closed_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  nhs_number: string | null;
  needs_tracing: boolean;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  gp_practice_ods: string | null;
}

export interface EventRow {
  at: Date;
  actor_sub: string;
  actor_name: string | null;
  action: string;
  from_value: string | null;
  to_value: string | null;
  reason: string | null;
  team_code: string | null;
  destination_id: string | null;
  detail: Record<string, unknown> | null;
}

export interface NewEvent {
  action: string;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  teamCode?: string | null;
  destinationId?: string | null;
  detail?: Record<string, unknown> | null;
}

const REFERRAL_COLUMNS = `r.id, r.patient_id, r.status, r.urgency, r.requested_service, r.needs, r.reason, r.source_type,
  r.source_organisation_ods, r.source_name, r.source_contact, r.received_at, r.respond_by, r.breach_at, r.spoa_team_code,
  r.duplicate_of, r.created_by, r.created_by_name, r.created_by_org, r.triage_decision, r.triaged_at, r.triaged_by,
  r.triage_notes, r.closed_at, r.closed_reason, r.version, r.created_at, r.updated_at,
  p.nhs_number, p.needs_tracing, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.gp_practice_ods`;

export interface NewReferral {
  patientId: string;
  urgency: Urgency;
  requestedService: string | null;
  needs: string[];
  reason: string;
  sourceType: string;
  sourceOrganisationOds: string | null;
  sourceName: string | null;
  sourceContact: string | null;
  receivedAt: Date;
  respondBy: Date;
  spoaTeamCode: string;
  createdBy: string;
  createdByName: string | null;
  createdByOrg: string | null;
}

/** What triage sets on the referral (a referral not accepted is closed by it). */
export interface TriageRecord {
  status: ReferralStatus;
  urgency: Urgency;
  respondBy: Date;
  breachAt: Date;
  decision: string;
  triagedAt: Date;
  triagedBy: string;
  notes: string | null;
  closedAt: Date | null;
  closedReason: string | null;
}

/** The referrals table and the referral's history (referral_events). No rules here: the services decide. */
@Injectable()
export class ReferralsRepository {
  /** Rows in the order of `ids`. */
  async rows(em: EntityManager, ids: string[]): Promise<ReferralRow[]> {
    if (ids.length === 0) return [];
    const rows: ReferralRow[] = await em.query(
      `SELECT ${REFERRAL_COLUMNS} FROM referrals r JOIN patients p ON p.id = r.patient_id WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ReferralRow => r !== undefined);
  }

  /** Takes the referral's row lock: every change to a referral and its parts goes through it. */
  async lock(em: EntityManager, id: string): Promise<ReferralRow | null> {
    const locked: { id: string }[] = await em.query('SELECT id FROM referrals WHERE id = $1 FOR UPDATE', [id]);
    if (locked.length === 0) return null;
    const [row] = await this.rows(em, [id]);
    return row;
  }

  /**
   * The referral a referral id or a routed part's id belongs to (FHIR serves both as
   * ServiceRequests), or null. Only an id lookup: reading the referral goes through the gate.
   */
  async idFor(em: EntityManager, id: string): Promise<string | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const rows: { id: string }[] = await em.query(
      'SELECT id FROM referrals WHERE id = $1 UNION ALL SELECT referral_id AS id FROM referral_destinations WHERE id = $1 LIMIT 1',
      [id],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * A referral awaiting triage, its clock running to respondBy, with its `received` event (by its
   * creator, at its SPOA team, carrying `detail` and `duplicateOf`), in one statement. It repeats
   * the patient's earliest open referral for the same service, if any (`duplicate_of`): the caller
   * holds the patient's row lock, so two referrals taken at once cannot both miss each other.
   * Answers the new row.
   */
  async insertReceived(em: EntityManager, r: NewReferral, detail: Record<string, unknown>): Promise<ReferralRow> {
    const [row]: ReferralRow[] = await em.query(
      `WITH d AS (
         SELECT id FROM referrals WHERE patient_id = $1 AND status IN ${OPEN_REFERRAL_STATUSES_SQL} AND requested_service IS NOT DISTINCT FROM $3
         ORDER BY received_at, id LIMIT 1),
       r AS (
         INSERT INTO referrals (patient_id, status, urgency, requested_service, needs, reason, source_type, source_organisation_ods,
           source_name, source_contact, received_at, respond_by, breach_at, spoa_team_code, duplicate_of, created_by, created_by_name,
           created_by_org, version)
         VALUES ($1, 'awaiting_triage', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, (SELECT id FROM d), $13, $14, $15, 1) RETURNING *),
       e AS (
         INSERT INTO referral_events (referral_id, actor_sub, actor_name, action, to_value, team_code, detail)
         SELECT r.id, r.created_by, r.created_by_name, 'received', r.status, r.spoa_team_code, $16::jsonb || jsonb_build_object('duplicateOf', r.duplicate_of) FROM r)
       SELECT ${REFERRAL_COLUMNS} FROM r JOIN patients p ON p.id = r.patient_id`,
      [
        r.patientId,
        r.urgency,
        r.requestedService,
        r.needs,
        r.reason,
        r.sourceType,
        r.sourceOrganisationOds,
        r.sourceName,
        r.sourceContact,
        r.receivedAt,
        r.respondBy,
        r.spoaTeamCode,
        r.createdBy,
        r.createdByName,
        r.createdByOrg,
        JSON.stringify(detail),
      ],
    );
    return row;
  }

  async recordTriage(em: EntityManager, id: string, t: TriageRecord): Promise<void> {
    await em.query(
      `UPDATE referrals SET status = $2, urgency = $3, respond_by = $4, breach_at = $5, triage_decision = $6, triaged_at = $7,
         triaged_by = $8, triage_notes = $9, closed_at = $10, closed_reason = $11, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, t.status, t.urgency, t.respondBy, t.breachAt, t.decision, t.triagedAt, t.triagedBy, t.notes, t.closedAt, t.closedReason],
    );
  }

  /** The referral's status and clock after a change to its parts; `at` closes it when it completed. */
  async settle(em: EntityManager, id: string, status: ReferralStatus, breachAt: Date, at: Date): Promise<void> {
    await em.query(
      `UPDATE referrals SET status = $2::varchar, breach_at = $3, closed_at = CASE WHEN $2::varchar = 'completed' THEN $4::timestamptz ELSE closed_at END,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [id, status, breachAt, at],
    );
  }

  /** Closes the referral (cancellation) at `at` with a reason. */
  async close(em: EntityManager, id: string, status: ReferralStatus, breachAt: Date, at: Date, reason: string): Promise<void> {
    await em.query(
      `UPDATE referrals SET status = $2, breach_at = $3, closed_at = $4, closed_reason = $5, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, status, breachAt, at, reason],
    );
  }

  history(em: EntityManager, referralId: string): Promise<EventRow[]> {
    return em.query(
      `SELECT at, actor_sub, actor_name, action, from_value, to_value, reason, team_code, destination_id, detail
       FROM referral_events WHERE referral_id = $1 ORDER BY id`,
      [referralId],
    );
  }

  async addEvents(em: EntityManager, referralId: string, actor: { sub: string; name?: string | null }, events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    await em.query(
      `INSERT INTO referral_events (referral_id, actor_sub, actor_name, action, from_value, to_value, reason, team_code, destination_id, detail)
       SELECT $1, $2, $3, e.action, e.from_value, e.to_value, e.reason, e.team_code, e.destination_id, e.detail
       FROM jsonb_to_recordset($4::jsonb) AS e(action text, from_value text, to_value text, reason text, team_code text, destination_id uuid, detail jsonb)`,
      [
        referralId,
        actor.sub,
        actor.name ?? null,
        JSON.stringify(
          events.map((e) => ({
            action: e.action,
            from_value: e.from ?? null,
            to_value: e.to ?? null,
            reason: e.reason ?? null,
            team_code: e.teamCode ?? null,
            destination_id: e.destinationId ?? null,
            detail: e.detail ?? null,
          })),
        ),
      ],
    );
  }

  /** Whether `org` has sent a referral for this patient before (a referrer may then name them by NHS number alone). */
  async referredByOrganisation(em: EntityManager, patientId: string, org: string): Promise<boolean> {
    const [row]: { referred: boolean }[] = await em.query(
      'SELECT EXISTS (SELECT 1 FROM referrals WHERE patient_id = $1 AND created_by_org = $2) AS referred',
      [patientId, org],
    );
    return row.referred;
  }
}
