import { Injectable } from '@nestjs/common';

/** "Now" for admissions (future-time checks, days delayed so far), replaceable in tests. */
@Injectable()
export class AdmissionClock {
  now(): Date {
    return new Date();
  }
}
