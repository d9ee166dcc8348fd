/**
 * Who may record the GP's agreement to a care plan (role `gp`). The GP is the accountable lead:
 * only a GP of the patient's registered practice (token `org` = the practice, role `gp`) records it
 * as themselves. Anyone else may record it only on the GP's behalf, and must say so
 * (`recordedOnBehalfOf`: the GP who agreed), so the plan shows who agreed and who recorded it.
 */
export function gpAgreementProblem(
  role: string,
  principal: { roles: readonly string[]; org?: string },
  registeredPracticeOds: string | null,
  recordedOnBehalfOf: string | undefined,
): { field: string; message: string } | null {
  if (role !== 'gp') return recordedOnBehalfOf ? { field: 'recordedOnBehalfOf', message: 'applies only to the GP agreement (role gp)' } : null;
  const isPracticeGp = principal.roles.includes('gp') && registeredPracticeOds !== null && principal.org === registeredPracticeOds;
  if (isPracticeGp || recordedOnBehalfOf?.trim()) return null;
  return {
    field: 'recordedOnBehalfOf',
    message: "is required: only a GP of the patient's registered practice records the GP agreement as themselves; name the GP you record it for",
  };
}
