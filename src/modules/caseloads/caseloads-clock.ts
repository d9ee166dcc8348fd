import { Injectable } from '@nestjs/common';

/** "Now" for risk scores, who-next cut-offs and the 12-week episode clock, so tests can stand at a chosen moment. */
@Injectable()
export class CaseloadsClock {
  now(): Date {
    return new Date();
  }
}
