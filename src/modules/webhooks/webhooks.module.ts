import { Global, Module } from '@nestjs/common';
import { DeliveriesRepository } from './deliveries.repository';
import { OutboxService } from './outbox.service';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** The transactional outbox (OutboxService.publish, available everywhere), webhooks and their dispatcher. */
@Global()
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksRepository, DeliveriesRepository, OutboxService, WebhooksService, WebhookDispatcher],
  exports: [OutboxService, WebhookDispatcher],
})
export class WebhooksModule {}
