import type { Relationship } from '../../../../common/access/domain/access-policy';

/** Relationships that make a team "involved" (know the patient), not merely aligned or holding the stay. */
const NOT_INVOLVEMENT = ['gp_practice_alignment', 'inpatient_admission', 'ae_in_reach'];

/** The teams to alert when a known patient attends A&E: every involved team plus the locality's rapid response team(s). */
export function inReachTeams(relationships: readonly Relationship[], rapidResponse: readonly string[]): { involved: string[]; alerted: string[] } {
  const involved = [...new Set(relationships.filter((r) => !NOT_INVOLVEMENT.includes(r.relationship)).map((r) => r.teamCode))].sort();
  if (involved.length === 0) return { involved, alerted: [] };
  return { involved, alerted: [...new Set([...involved, ...rapidResponse])].sort() };
}

/** The in-reach response is due `targetMinutes` after arrival. */
export function respondBy(arrivedAt: Date, targetMinutes: number): Date {
  return new Date(arrivedAt.getTime() + targetMinutes * 60_000);
}
