import { Injectable } from '@nestjs/common';

/** "Now" for MDT scheduling and agendas, so tests can stand at a chosen moment. */
@Injectable()
export class MdtClock {
  now(): Date {
    return new Date();
  }
}
