import { defineErrors } from '../../common/errors/domain-error';

// ORGANISATION_NOT_FOUND is still thrown by the OrganisationNotFound class in organisations.service.ts (by code, same title).
export const ORGANISATION_ERRORS = defineErrors('organisations', {
  ORGANISATION_NOT_FOUND: { kind: 'not_found', title: 'Organisation not found', description: 'No organisation with this ODS code.' },
  ORGANISATION_EXISTS: { kind: 'conflict', title: 'Organisation already exists', description: 'Creating an organisation whose ODS code is taken.' },
});

export class OrganisationExists extends ORGANISATION_ERRORS.error('ORGANISATION_EXISTS') {}
