import { defineErrors } from '../../common/errors/domain-error';

export const RESIDENCE_ERRORS = defineErrors('residences', {
  CARE_HOME_NOT_FOUND: {
    kind: 'not_found',
    title: 'Care home not found',
    detail: 'No organisation of type care_home with this ODS code',
    description: 'No organisation of type `care_home` with this ODS code (`/care-homes/{odsCode}`).',
  },
});

export class CareHomeNotFound extends RESIDENCE_ERRORS.error('CARE_HOME_NOT_FOUND') {}
