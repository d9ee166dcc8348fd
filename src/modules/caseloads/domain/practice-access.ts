import { Permission } from '../../../common/auth/permissions';
import type { Principal } from '../../../common/auth/principal';

/**
 * Reading a practice's whole population (its caseload, who is next) is the practice-alignment
 * relationship applied to every registered patient: members of a team aligned to the practice,
 * and users who may find anyone (patient:read-any). It follows the patient access rule, so
 * nobody sees in a caseload a patient they could not open.
 */
export function mayReadPractice(principal: Principal, alignedTeams: readonly string[]): boolean {
  if (principal.permissions.has(Permission.PatientReadAny)) return true;
  if (!principal.permissions.has(Permission.PatientRead)) return false;
  return principal.teams.some((t) => alignedTeams.includes(t));
}

/**
 * Sending a practice's risk scores: the practice itself (JWT org = the practice, e.g. its GP system)
 * or a team aligned to it. An import reveals nothing about a patient beyond what was sent (a
 * number not registered at the practice is rejected the same way whether or not it exists).
 */
export function mayImportForPractice(principal: Principal, practiceOds: string, alignedTeams: readonly string[]): boolean {
  if (!principal.permissions.has(Permission.RiskImport)) return false;
  return principal.org === practiceOds || principal.teams.some((t) => alignedTeams.includes(t));
}
