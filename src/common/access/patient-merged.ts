import { Conflict } from '../errors/domain-error';

/**
 * The record was merged into another (POST /patients/{nhsNumber}/merge): nothing more is written to
 * it or read from it; the caller is pointed at the surviving NHS number. GET /patients/{old}
 * answers 301 with `mergedInto`; every other use answers 409 PATIENT_MERGED naming it.
 */
export class PatientMerged extends Conflict {
  constructor(readonly mergedInto: string | null) {
    super('PATIENT_MERGED', 'This patient record was merged into another', mergedInto ? `Use NHS number ${mergedInto}` : 'Use the surviving record');
  }
}
