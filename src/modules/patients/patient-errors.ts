import { defineErrors } from '../../common/errors/domain-error';

// PATIENT_NOT_FOUND and PATIENT_MERGED belong to common/access (access-errors.ts).
export const PATIENT_ERRORS = defineErrors('patients', {
  PATIENT_MERGE_CONFLICT: {
    kind: 'conflict',
    title: 'These records cannot be merged until a person resolves what they both hold',
    description:
      'Both records hold something there may be only one of (an open episode, a care plan, an open bed request, a current admission, the same MDT agenda...); the detail names each. Resolve them, then merge. Nothing moved.',
  },
  PATIENT_ALREADY_MERGED: {
    kind: 'conflict',
    title: 'This record was itself merged into another',
    detail: 'Merge into the record it now points to',
    description: 'The record named as the survivor was itself merged into another: merge into that one.',
  },
  DUPLICATE_PATIENT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Duplicate record not found',
    detail: 'No unmerged patient record has this duplicateId',
    description: 'No unmerged patient record has this `duplicateId`.',
  },
});

export class PatientAlreadyMerged extends PATIENT_ERRORS.error('PATIENT_ALREADY_MERGED') {}

export class PatientMergeConflict extends PATIENT_ERRORS.error('PATIENT_MERGE_CONFLICT') {
  constructor(readonly conflicts: string[]) {
    super(`Resolve first: ${conflicts.join('; ')}`);
  }
}

export class DuplicatePatientNotFound extends PATIENT_ERRORS.error('DUPLICATE_PATIENT_NOT_FOUND') {}
