import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DestinationStatus } from './domain/referral-state';

/** A routed part (destination) of a referral: its own team, status and response clock. */
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

export interface NewPart {
  referralId: string;
  position: number;
  service: string;
  teamCode: string;
  respondBy: Date;
  routingBasis: string;
  routedOutOfHours: boolean;
  routingReason: string | null;
}

const PART_COLUMNS = `d.id, d.referral_id, d.position, d.service, d.team_code, d.status, d.respond_by, d.breach_at, d.routing_basis,
  d.routed_out_of_hours, d.routing_reason, d.accepted_at, d.assigned_to, d.first_contact_at, d.first_contact_by,
  d.completed_at, d.outcome, d.outcome_notes, d.cancelled_at, d.created_at`;

/** The referral_destinations table: each routed part's writes, one statement per thing that happens to it. */
@Injectable()
export class ReferralDestinationsRepository {
  /** The parts of these referrals, by referral and position. */
  async parts(em: EntityManager, referralIds: string[]): Promise<PartRow[]> {
    if (referralIds.length === 0) return [];
    return em.query(`SELECT ${PART_COLUMNS} FROM referral_destinations d WHERE d.referral_id = ANY($1::uuid[]) ORDER BY d.referral_id, d.position`, [referralIds]);
  }

  /** A part awaiting the team's acceptance, its clock running to respondBy. Answers its id. */
  async insert(em: EntityManager, p: NewPart): Promise<string> {
    const [{ id }]: { id: string }[] = await em.query(
      `INSERT INTO referral_destinations (referral_id, position, service, team_code, status, respond_by, breach_at, routing_basis, routed_out_of_hours, routing_reason)
       VALUES ($1, $2, $3, $4, 'awaiting_acceptance', $5, $5, $6, $7, $8) RETURNING id`,
      [p.referralId, p.position, p.service, p.teamCode, p.respondBy, p.routingBasis, p.routedOutOfHours, p.routingReason],
    );
    return id;
  }

  async accept(em: EntityManager, id: string, status: DestinationStatus, at: Date, assignedTo: string): Promise<void> {
    await em.query(`UPDATE referral_destinations SET status = $2, accepted_at = $3, assigned_to = $4, updated_at = now() WHERE id = $1`, [id, status, at, assignedTo]);
  }

  /** First contact stops the clock (breachAt); it implies acceptance by whoever made it, if nobody had accepted. */
  async firstContact(em: EntityManager, id: string, status: DestinationStatus, at: Date, by: string, breachAt: Date): Promise<void> {
    await em.query(
      `UPDATE referral_destinations SET status = $2, first_contact_at = $3, first_contact_by = $4, accepted_at = COALESCE(accepted_at, $3),
         assigned_to = COALESCE(assigned_to, $4), breach_at = $5, updated_at = now() WHERE id = $1`,
      [id, status, at, by, breachAt],
    );
  }

  async complete(em: EntityManager, id: string, status: DestinationStatus, at: Date, outcome: string, notes: string | null): Promise<void> {
    await em.query(`UPDATE referral_destinations SET status = $2, completed_at = $3, outcome = $4, outcome_notes = $5, updated_at = now() WHERE id = $1`, [
      id,
      status,
      at,
      outcome,
      notes,
    ]);
  }

  /** Moves the part to another team: it awaits that team's acceptance again, keeping its clock (a breach may alert again). */
  async reassign(em: EntityManager, id: string, teamCode: string, status: DestinationStatus, reason: string): Promise<void> {
    await em.query(
      `UPDATE referral_destinations SET team_code = $2, status = $3, accepted_at = NULL, assigned_to = NULL, routing_basis = 'reassigned',
         routed_out_of_hours = false, routing_reason = $4, breach_alerted_at = NULL, updated_at = now() WHERE id = $1`,
      [id, teamCode, status, reason],
    );
  }

  async cancel(em: EntityManager, id: string, at: Date, breachAt: Date): Promise<void> {
    await em.query(`UPDATE referral_destinations SET status = 'cancelled', cancelled_at = $2, breach_at = $3, updated_at = now() WHERE id = $1`, [id, at, breachAt]);
  }
}
