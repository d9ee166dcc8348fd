/** The longest an explicit involvement may run before someone must add it again. */
export const MAX_INVOLVEMENT_DAYS = 366;

/** Why an explicit involvement's dates cannot be accepted (null when they can). */
export function involvementDatesProblem(startsAt: Date, endsAt: Date, now: Date): { field: string; message: string } | null {
  if (Number.isNaN(startsAt.getTime())) return { field: 'startsAt', message: 'is not a real time' };
  if (Number.isNaN(endsAt.getTime())) return { field: 'endsAt', message: 'is not a real time' };
  if (endsAt <= now) return { field: 'endsAt', message: 'is in the past' };
  if (endsAt <= startsAt) return { field: 'endsAt', message: 'must be after startsAt' };
  if (endsAt.getTime() - startsAt.getTime() > MAX_INVOLVEMENT_DAYS * 86_400_000) {
    return { field: 'endsAt', message: `is more than ${MAX_INVOLVEMENT_DAYS} days after startsAt` };
  }
  return null;
}

/** Who may change a team's subscriptions: team administrators (team:write) or members of the team. */
export function maySetSubscriptions(principal: { teams: readonly string[] }, canWriteTeams: boolean, teamCode: string): boolean {
  return canWriteTeams || principal.teams.includes(teamCode);
}
