import type { Relationship } from '../../../../common/access/domain/access-policy';
import { involvedTeams } from '../../../../common/access/domain/relationship-kinds';

/** The inpatient stay's own team is not "known to" for A&E in-reach (access-only kinds are left out by the rule itself). */
const NOT_INVOLVEMENT = ['inpatient_admission'];

/** The teams to alert when a known patient attends A&E: every involved team plus the locality's rapid response team(s). */
export function inReachTeams(relationships: readonly Relationship[], rapidResponse: readonly string[]): { involved: string[]; alerted: string[] } {
  // The one involvement rule (common/access/domain/relationship-kinds), less the inpatient stay itself.
  const involved = involvedTeams(relationships, NOT_INVOLVEMENT);
  if (involved.length === 0) return { involved, alerted: [] };
  return { involved, alerted: [...new Set([...involved, ...rapidResponse])].sort() };
}

/** The in-reach response is due `targetMinutes` after arrival. */
export function respondBy(arrivedAt: Date, targetMinutes: number): Date {
  return new Date(arrivedAt.getTime() + targetMinutes * 60_000);
}
