import type { AuditActor } from './audit.repository';

/**
 * What the audit trail's owner offers the caseloads capability: one audit event per row of a
 * set-based write too large to pass through Node (a 1.5 M-row risk import stores and audits every
 * patient in one statement, in its transaction). A data-modifying CTE for the consumer's WITH
 * list: it reads the consumer's CTE `audited (patient_id uuid, nhs_number char(10))` and takes the
 * actor and the event from parameters $1-$9, in the order `auditEachParams` gives them (the
 * consumer numbers its own parameters from $10).
 */
export const AUDIT_EACH_AUDITED = `audit_appended AS (
    INSERT INTO audit_events (actor_sub, actor_name, actor_roles, actor_org, actor_teams, correlation_id,
      action, nhs_number, patient_id, resource_type, resource_id, outcome, reason)
    SELECT $1, $2, $3::text[], $4, $5::text[], $6, $7, a.nhs_number, a.patient_id, $8, $9, 'allowed', NULL FROM audited a)`;

/** The parameters $1-$9 of AUDIT_EACH_AUDITED: who acted and what each event records. */
export function auditEachParams(actor: AuditActor, event: { action: string; resourceType: string; resourceId: string | null }): unknown[] {
  return [actor.sub, actor.name, actor.roles, actor.org, actor.teams, actor.correlationId, event.action, event.resourceType, event.resourceId];
}
