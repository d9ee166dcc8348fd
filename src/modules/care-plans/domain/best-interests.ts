/**
 * A best-interests decision about sharing the plan (Mental Capacity Act 2005) for a patient who
 * cannot decide: who made it, and whether a lasting power of attorney (LPA) for health and welfare
 * exists. Where one exists, the attorney decides: the decision maker must be the attorney.
 * Other decisions carry none of this. (docs/care-plans.md, "Consent".)
 */
export function bestInterestsProblems(dto: {
  decision: string;
  decisionMaker?: string | null;
  healthAndWelfareLpa?: boolean | null;
  decisionMakerIsAttorney?: boolean | null;
}): { field: string; message: string }[] {
  const given = dto.decisionMaker != null || dto.healthAndWelfareLpa != null || dto.decisionMakerIsAttorney != null;
  if (dto.decision !== 'best_interests') {
    return given ? [{ field: 'decisionMaker', message: 'applies only to a best_interests decision' }] : [];
  }
  const errors: { field: string; message: string }[] = [];
  if (!dto.decisionMaker?.trim()) errors.push({ field: 'decisionMaker', message: 'is required for a best_interests decision (name and role)' });
  if (typeof dto.healthAndWelfareLpa !== 'boolean') errors.push({ field: 'healthAndWelfareLpa', message: 'is required for a best_interests decision (true or false)' });
  if (dto.healthAndWelfareLpa === true && dto.decisionMakerIsAttorney !== true) {
    errors.push({ field: 'decisionMakerIsAttorney', message: 'must be true: with a health and welfare LPA the attorney makes the decision' });
  }
  return errors;
}
