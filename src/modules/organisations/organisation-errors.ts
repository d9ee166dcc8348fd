import { defineErrors } from '../../common/errors/domain-error';

export const ORGANISATION_ERRORS = defineErrors('organisations', {
  ORGANISATION_NOT_FOUND: { kind: 'not_found', title: 'Organisation not found', description: 'No organisation with this ODS code.' },
  ORGANISATION_EXISTS: { kind: 'conflict', title: 'Organisation already exists', description: 'Creating an organisation whose ODS code is taken.' },
});

export class OrganisationExists extends ORGANISATION_ERRORS.error('ORGANISATION_EXISTS') {}

export class OrganisationNotFound extends ORGANISATION_ERRORS.error('ORGANISATION_NOT_FOUND') {
  constructor(ods: string) {
    super(`No organisation with ODS code ${ods}`);
  }
}
