import { defineErrors } from '../../common/errors/domain-error';

export const INVOLVEMENT_ERRORS = defineErrors('involvement', {
  INVOLVEMENT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Involvement not found',
    detail: 'No such involvement for this patient',
    description: 'No explicit involvement with this id for this patient (`DELETE /patients/{nhsNumber}/involvements/{id}`).',
  },
});

export class InvolvementNotFound extends INVOLVEMENT_ERRORS.error('INVOLVEMENT_NOT_FOUND') {}
