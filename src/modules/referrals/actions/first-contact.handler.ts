import { Injectable } from '@nestjs/common';
import { ValidationFailed } from '../../../common/errors/domain-error';
import type { DestinationStatus } from '../domain/referral-state';
import { breachAt, firstContactProblem } from '../domain/response-clock';
import type { FirstContactDto } from '../dto/referral.dto';
import { type PartRow, ReferralDestinationsRepository } from '../referral-destinations.repository';
import { PartActionFlow, PartActionHandler } from './part-action-flow';
import type { ActionInput, PartChange } from './referral-action';

/** First contact with the patient (now, or when the team says it was): stops the part's response clock. */
@Injectable()
export class FirstContactHandler extends PartActionHandler<FirstContactDto> {
  readonly name = 'first_contact';
  readonly event = 'first_contact';
  readonly past = 'first_contact';
  readonly verb = 'record first contact';

  constructor(
    flow: PartActionFlow,
    private readonly destinations: ReferralDestinationsRepository,
  ) {
    super(flow);
  }

  async change({ em, ctx, referral, dto, now }: ActionInput<FirstContactDto>, part: PartRow, next: DestinationStatus): Promise<PartChange> {
    const at = dto.at ? new Date(dto.at) : now;
    const problem = Number.isNaN(at.getTime()) ? 'is not a real time' : firstContactProblem(at, referral.received_at, now);
    if (problem) throw new ValidationFailed(`First contact ${problem}`, [{ field: 'at', message: problem }]);
    const stopped = breachAt(part.respond_by, at);
    await this.destinations.firstContact(em, part.id, next, at, ctx.principal.sub, stopped);
    return {
      updated: { status: next, breach_at: stopped },
      event: { detail: { at: at.toISOString(), withinTarget: at.getTime() <= part.respond_by.getTime() } },
    };
  }
}
