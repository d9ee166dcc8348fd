import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** The transactional outbox (OutboxService.publish, available everywhere), webhooks and their dispatcher. */
@Global()
@Module({
  controllers: [WebhooksController],
  providers: [OutboxService, WebhooksService, WebhookDispatcher],
  exports: [OutboxService, WebhookDispatcher],
})
export class WebhooksModule {}
