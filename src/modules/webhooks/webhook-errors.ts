import { defineErrors } from '../../common/errors/domain-error';

export const WEBHOOK_ERRORS = defineErrors('webhooks', {
  WEBHOOK_NOT_FOUND: { kind: 'not_found', title: 'Webhook not found', detail: 'No webhook with this id', description: 'No webhook with this id.' },
  WEBHOOK_DELIVERY_NOT_FOUND: {
    kind: 'not_found',
    title: 'Webhook delivery not found',
    detail: 'No webhook delivery with this id',
    description: 'No webhook delivery with this id.',
  },
});

export class WebhookNotFound extends WEBHOOK_ERRORS.error('WEBHOOK_NOT_FOUND') {}
export class DeliveryNotFound extends WEBHOOK_ERRORS.error('WEBHOOK_DELIVERY_NOT_FOUND') {}
