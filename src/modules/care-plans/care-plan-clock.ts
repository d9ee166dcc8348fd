import { Injectable } from '@nestjs/common';

/** "Now" for care plan reviews, so a test can stand past a review date. */
@Injectable()
export class CarePlanClock {
  now(): Date {
    return new Date();
  }
}
