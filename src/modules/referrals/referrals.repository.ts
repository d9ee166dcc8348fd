import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OperatingHours } from '../teams/domain/operating-hours';
import type { TeamType } from '../teams/team.entity';
import type { TeamCandidate } from './domain/routing';
import type { DestinationStatus, ReferralStatus } from './domain/referral-state';

/** A referral row with the patient fields every view needs. */
export interface ReferralRow {
  id: string;
  patient_id: string;
  status: ReferralStatus;
  urgency: 'crisis' | 'urgent' | 'routine';
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

export interface PartRow {
  id: string;
  referral_id: string;
  position: number;
  service: string;
  team_code: string;
  status: DestinationStatus;
  respond_by: Date;
  breach_at: Date;
  routing_basis: string;
  routed_out_of_hours: boolean;
  routing_reason: string | null;
  accepted_at: Date | null;
  assigned_to: string | null;
  first_contact_at: Date | null;
  first_contact_by: string | null;
  completed_at: Date | null;
  outcome: string | null;
  outcome_notes: string | null;
  cancelled_at: Date | null;
  created_at: Date;
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

export const REFERRAL_COLUMNS = `r.id, r.patient_id, r.status, r.urgency, r.requested_service, r.needs, r.reason, r.source_type,
  r.source_organisation_ods, r.source_name, r.source_contact, r.received_at, r.respond_by, r.breach_at, r.spoa_team_code,
  r.duplicate_of, r.created_by, r.created_by_name, r.created_by_org, r.triage_decision, r.triaged_at, r.triaged_by,
  r.triage_notes, r.closed_at, r.closed_reason, r.version, r.created_at, r.updated_at,
  p.nhs_number, p.needs_tracing, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.gp_practice_ods`;

const PART_COLUMNS = `d.id, d.referral_id, d.position, d.service, d.team_code, d.status, d.respond_by, d.breach_at, d.routing_basis,
  d.routed_out_of_hours, d.routing_reason, d.accepted_at, d.assigned_to, d.first_contact_at, d.first_contact_by,
  d.completed_at, d.outcome, d.outcome_notes, d.cancelled_at, d.created_at`;

/** SQL for referrals, their routed parts and history. No rules here: the service decides. */
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

  async parts(em: EntityManager, referralIds: string[]): Promise<PartRow[]> {
    if (referralIds.length === 0) return [];
    return em.query(`SELECT ${PART_COLUMNS} FROM referral_destinations d WHERE d.referral_id = ANY($1::uuid[]) ORDER BY d.referral_id, d.position`, [referralIds]);
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

  /** Teams of these types as routing sees them, aligned (or not) to the patient's practice. */
  async candidates(em: EntityManager, types: TeamType[], practiceOds: string | null): Promise<TeamCandidate[]> {
    const rows: { code: string; type: TeamType; locality: string | null; operating_hours: OperatingHours; aligned: boolean; practice_specific: boolean }[] =
      await em.query(
        `SELECT t.code, t.type, t.locality, t.operating_hours,
           EXISTS (SELECT 1 FROM team_practices tp WHERE tp.team_code = t.code AND tp.practice_ods = $2) AS aligned,
           EXISTS (SELECT 1 FROM team_practices tp WHERE tp.team_code = t.code) AS practice_specific
         FROM teams t WHERE t.type = ANY($1::varchar[])`,
        [types, practiceOds],
      );
    return rows.map((r) => ({
      code: r.code,
      type: r.type,
      locality: r.locality,
      operatingHours: r.operating_hours,
      alignedToPractice: r.aligned,
      practiceSpecific: r.practice_specific,
    }));
  }

  async team(em: EntityManager, code: string): Promise<{ code: string; type: TeamType } | null> {
    const rows: { code: string; type: TeamType }[] = await em.query('SELECT code, type FROM teams WHERE code = $1', [code]);
    return rows[0] ?? null;
  }

  async practiceOf(em: EntityManager, patientId: string): Promise<{ odsCode: string; locality: string | null } | null> {
    const rows: { ods: string | null; locality: string | null }[] = await em.query(
      `SELECT p.gp_practice_ods AS ods, o.locality FROM patients p LEFT JOIN organisations o ON o.ods_code = p.gp_practice_ods WHERE p.id = $1`,
      [patientId],
    );
    const r = rows[0];
    return r?.ods ? { odsCode: r.ods, locality: r.locality } : null;
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
