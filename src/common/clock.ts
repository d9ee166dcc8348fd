import { Injectable } from '@nestjs/common';

/**
 * "Now", for the whole service: referral receipt and response clocks, review due dates, MDT
 * scheduling, bed decisions, task deadlines and discharge measures all ask this one clock, so a test
 * (or a replay) can stand at a chosen moment by moving it (`jest.spyOn(app.get(Clock), 'now')`).
 * Provided once, globally, by the AppModule.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
