import { defineErrors } from '../../common/errors/domain-error';

export const ALERT_ERRORS = defineErrors('alerts', {
  ALERT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Alert not found',
    detail: 'No alert with this id for your teams',
    description: "No alert with this id for the caller's teams.",
  },
});

export class AlertNotFound extends ALERT_ERRORS.error('ALERT_NOT_FOUND') {}
