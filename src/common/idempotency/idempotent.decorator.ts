import { SetMetadata } from '@nestjs/common';

export const IDEMPOTENT_KEY = 'idempotent';

/** A create endpoint honouring the Idempotency-Key header (see IdempotencyInterceptor). */
export const Idempotent = () => SetMetadata(IDEMPOTENT_KEY, true);
