import { NotFound } from '../../common/errors/domain-error';

export class WebhookNotFound extends NotFound {
  constructor() {
    super('WEBHOOK_NOT_FOUND', 'Webhook not found', 'No webhook with this id');
  }
}

export class DeliveryNotFound extends NotFound {
  constructor() {
    super('WEBHOOK_DELIVERY_NOT_FOUND', 'Webhook delivery not found', 'No webhook delivery with this id');
  }
}
