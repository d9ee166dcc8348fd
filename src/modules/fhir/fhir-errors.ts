import { defineErrors } from '../../common/errors/domain-error';

// Still thrown by the FhirResourceNotFound class in fhir-clinical.service.ts (by code, same title).
export const FHIR_ERRORS = defineErrors('fhir', {
  FHIR_RESOURCE_NOT_FOUND: {
    kind: 'not_found',
    title: 'Resource not found',
    description:
      'FHIR read (`/fhir/R4/<Type>/<id>`): no such resource, **or** the caller may not see it (the same access gate, consent and team scoping as the REST read; existence is not leaked). Under `/fhir/` every error is an `OperationOutcome` carrying the code in `issue[0].details.coding`.',
  },
});
