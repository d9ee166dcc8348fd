import { SetMetadata } from '@nestjs/common';

export const NO_RATE_LIMIT_KEY = 'rate-limit:exempt';

/** The route is never rate limited (health probes: a load balancer must always get an answer). */
export const NoRateLimit = () => SetMetadata(NO_RATE_LIMIT_KEY, true);
