import type { Relationship } from './access-policy';

/**
 * Two different questions about a patient, answered from the same relationships:
 * - **involvement** ("known to the team"): the team is doing something for the patient now —
 *   referred for support, on its caseload, coordinating, in one of its beds, authoring the plan.
 *   Admission alerts, discharge follow-up tasks, the MDT "admitted since last meeting" item and the
 *   admissions-of-known-patients metric use involvement only.
 * - **access**: the team (or organisation) may open the record but is not, by that alone, involved:
 *   practice alignment and the registered practice. `mayAccess` = involvement + access.
 * docs/access-and-involvement.md carries the same table for people.
 */
export type RelationshipKind = 'involvement' | 'access';

export const RELATIONSHIP_KINDS: Readonly<Record<string, { kind: RelationshipKind; meaning: string }>> = {
  open_referral: { kind: 'involvement', meaning: 'receiving team of an open referral part (the SPoA while it awaits triage)' },
  proactive_care_episode: { kind: 'involvement', meaning: 'team running an open Pro-Active Care episode' },
  proactive_care_coordinator: { kind: 'involvement', meaning: 'the named care coordinator of an open episode (personal)' },
  care_coordinator: { kind: 'involvement', meaning: 'the named care coordinator on the patient record (personal)' },
  care_coordinator_team: { kind: 'involvement', meaning: "the named care coordinator's team" },
  bed_request: { kind: 'involvement', meaning: 'team that raised an open (waiting or offered) bed request' },
  bed_stay: { kind: 'involvement', meaning: 'team of the unit with an offered or occupied stay' },
  care_plan_author: { kind: 'involvement', meaning: 'team of an author of the anticipatory care plan' },
  inpatient_admission: { kind: 'involvement', meaning: 'integrated discharge team while the patient is an inpatient' },
  discharge_follow_up: { kind: 'involvement', meaning: 'team with a post-discharge follow-up task still open' },
  explicit_involvement: { kind: 'involvement', meaning: 'team added by a user, with a reason, until its end date' },
  gp_practice_alignment: { kind: 'access', meaning: "team aligned to the patient's registered practice" },
  ae_in_reach: { kind: 'access', meaning: 'team alerted to an A&E attendance, during the in-reach clock and a day after' },
  registered_practice: { kind: 'access', meaning: "staff of the patient's registered GP practice (token org + a practice role)" },
};

/** A relationship kind nobody has classified counts as involvement: a missed alert is the worse failure. */
export function kindOf(relationship: string): RelationshipKind {
  return RELATIONSHIP_KINDS[relationship]?.kind ?? 'involvement';
}

/** The relationships that mean "known to the team" (team relationships only, never an organisation's). */
export function involvementOf(relationships: readonly Relationship[]): Relationship[] {
  return relationships.filter((r) => r.orgOds === undefined && kindOf(r.relationship) === 'involvement');
}

/** The teams involved with the patient, sorted, without duplicates (`except` leaves some kinds out). */
export function involvedTeams(relationships: readonly Relationship[], except: readonly string[] = []): string[] {
  return [...new Set(involvementOf(relationships).filter((r) => !except.includes(r.relationship)).map((r) => r.teamCode))].sort();
}

export interface MayAccessEntry {
  teamCode?: string;
  orgOds?: string;
  relationships: string[];
}

/** `mayAccess` in the single view: every team and organisation with any relationship, grouped. */
export function summariseMayAccess(relationships: readonly Relationship[]): MayAccessEntry[] {
  const byParty = new Map<string, { entry: MayAccessEntry; set: Set<string> }>();
  for (const r of relationships) {
    const key = r.orgOds !== undefined ? `org:${r.orgOds}` : `team:${r.teamCode}`;
    const found = byParty.get(key) ?? { entry: r.orgOds !== undefined ? { orgOds: r.orgOds, relationships: [] } : { teamCode: r.teamCode, relationships: [] }, set: new Set<string>() };
    found.set.add(r.relationship);
    byParty.set(key, found);
  }
  return [...byParty.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, { entry, set }]) => ({ ...entry, relationships: [...set].sort() }));
}
