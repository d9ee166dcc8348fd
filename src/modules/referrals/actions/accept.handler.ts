import { Injectable } from '@nestjs/common';
import type { DestinationStatus } from '../domain/referral-state';
import type { AcceptReferralDto } from '../dto/referral.dto';
import { type PartRow, ReferralDestinationsRepository } from '../referral-destinations.repository';
import { PartActionFlow, PartActionHandler } from './part-action-flow';
import type { ActionInput, PartChange } from './referral-action';

/** The receiving team takes its routed part (assigned to the caller unless they name someone). */
@Injectable()
export class AcceptHandler extends PartActionHandler<AcceptReferralDto> {
  readonly name = 'accept';
  readonly event = 'accept';
  readonly past = 'accepted';
  readonly verb = 'accept';

  constructor(
    flow: PartActionFlow,
    private readonly destinations: ReferralDestinationsRepository,
  ) {
    super(flow);
  }

  async change({ em, ctx, dto, now }: ActionInput<AcceptReferralDto>, part: PartRow, next: DestinationStatus): Promise<PartChange> {
    const who = dto.assignedTo?.trim() || ctx.principal.sub;
    await this.destinations.accept(em, part.id, next, now, who);
    return { updated: { status: next }, event: { detail: { assignedTo: who } } };
  }
}
