/** Review of a plan: who is asked, and when it is overdue. */
export function isReviewOverdue(reviewDueAt: Date | null, now: Date): boolean {
  return reviewDueAt !== null && reviewDueAt.getTime() <= now.getTime();
}

/** The care coordinator's team when there is one, otherwise the teams aligned to the practice. */
export function reviewTeams(careCoordinatorTeamCode: string | null, practiceTeamCodes: readonly string[]): string[] {
  if (careCoordinatorTeamCode) return [careCoordinatorTeamCode];
  return [...new Set(practiceTeamCodes)].sort();
}

/** One task per plan version and team, however many checks run on however many instances. */
export function reviewTaskKey(patientId: string, version: number, teamCode: string): string {
  return `care_plan_review_due:${patientId}:${version}:${teamCode}`;
}

/** Share as a fraction with 4 decimals, null when there is nobody to count. */
export function share(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}
