import { defineErrors } from '../../common/errors/domain-error';

export const FHIR_ERRORS = defineErrors('fhir', {
  FHIR_RESOURCE_NOT_FOUND: {
    kind: 'not_found',
    title: 'Resource not found',
    description:
      'FHIR read (`/fhir/R4/<Type>/<id>`): no such resource, **or** the caller may not see it (the same access gate, consent and team scoping as the REST read; existence is not leaked). Under `/fhir/` every error is an `OperationOutcome` carrying the code in `issue[0].details.coding`.',
  },
});

export class FhirResourceNotFound extends FHIR_ERRORS.error('FHIR_RESOURCE_NOT_FOUND') {
  constructor(type: string) {
    super(`No ${type} with this id that you can see`);
  }
}
