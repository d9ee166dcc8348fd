/**
 * Bed management is scoped to the units run by the manager's own teams (issue 12, item 10): a bed
 * manager of one locality must not add, close or fill beds in another's unit. Pure, unit-tested.
 */
export function managesUnit(principal: { teams: readonly string[] }, unitTeamCode: string | null): boolean {
  return unitTeamCode !== null && principal.teams.includes(unitTeamCode);
}
