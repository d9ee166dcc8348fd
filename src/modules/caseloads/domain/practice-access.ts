import { Permission } from '../../../common/auth/permissions';
import type { Principal } from '../../../common/auth/principal';

/**
 * Who may work a practice's whole population (import its risk scores, read its caseload, ask who
 * is next): staff of the practice itself (JWT org = the practice), members of a team aligned to
 * the practice (the practice-alignment relationship covers every registered patient), and users
 * who may find anyone (patient:read-any). Commissioners never hold patient:read.
 */
export function mayWorkPractice(principal: Principal, practiceOds: string, alignedTeams: readonly string[]): boolean {
  if (principal.permissions.has(Permission.PatientReadAny)) return true;
  if (!principal.permissions.has(Permission.PatientRead)) return false;
  if (principal.org === practiceOds) return true;
  return principal.teams.some((t) => alignedTeams.includes(t));
}
