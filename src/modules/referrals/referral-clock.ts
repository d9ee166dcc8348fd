import { Injectable } from '@nestjs/common';

/**
 * "Now" for referrals: receipt, routing against opening hours, first-contact checks and the breach
 * check all ask this one clock, so a test (or a replay) can stand at a chosen moment.
 */
@Injectable()
export class ReferralClock {
  now(): Date {
    return new Date();
  }
}
