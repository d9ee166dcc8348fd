import { defineErrors } from '../../common/errors/domain-error';

// Still thrown by the CareHomeNotFound class in care-homes.ts (by code, same title).
export const RESIDENCE_ERRORS = defineErrors('residences', {
  CARE_HOME_NOT_FOUND: {
    kind: 'not_found',
    title: 'Care home not found',
    description: 'No organisation of type `care_home` with this ODS code (`/care-homes/{odsCode}`).',
  },
});
