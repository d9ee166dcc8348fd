/** What a PDS re-check changes on a living patient's record. */
export interface RecheckChanges {
  /** PDS records a death: the date to record (every death handler runs). */
  death: string | null;
  /** PDS registers the patient at another practice we know: the record follows PDS. */
  practice: string | null;
  /** PDS registers the patient at a practice we do not know: a person checks (the record keeps its own). */
  unknownPractice: string | null;
  /** PDS does not hold the number at all: a person checks the number on the record. */
  numberUnknown: boolean;
}

/**
 * PDS is the national source for the date of death and the registered GP practice, so a re-check
 * takes both from it; a practice we do not hold as an organisation cannot be recorded (access and
 * alignment hang on it), so it becomes a task instead, as does a number PDS does not know.
 */
export function recheckChanges(
  record: { gpPracticeOds: string | null },
  pds: { deceasedAt: string | null; gpPracticeOds: string | null } | null,
  pdsPracticeKnown: boolean,
): RecheckChanges {
  if (pds === null) return { death: null, practice: null, unknownPractice: null, numberUnknown: true };
  const moved = pds.gpPracticeOds !== null && pds.gpPracticeOds !== record.gpPracticeOds;
  return {
    death: pds.deceasedAt,
    practice: moved && pdsPracticeKnown ? pds.gpPracticeOds : null,
    unknownPractice: moved && !pdsPracticeKnown ? pds.gpPracticeOds : null,
    numberUnknown: false,
  };
}
