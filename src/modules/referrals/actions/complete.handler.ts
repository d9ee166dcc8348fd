import { Injectable } from '@nestjs/common';
import type { Outcome } from '../domain/catalogue';
import type { DestinationStatus } from '../domain/referral-state';
import type { CompleteReferralDto } from '../dto/referral.dto';
import { type PartRow, ReferralDestinationsRepository } from '../referral-destinations.repository';
import { ReferralHooks } from '../referral-hooks';
import { PartActionFlow, PartActionHandler } from './part-action-flow';
import type { ActionInput, PartChange } from './referral-action';

/** The team closes its part with an outcome (listeners hear of it in the same transaction). */
@Injectable()
export class CompleteHandler extends PartActionHandler<CompleteReferralDto> {
  readonly name = 'complete';
  readonly event = 'complete';
  readonly past = 'completed';
  readonly verb = 'complete';

  constructor(
    flow: PartActionFlow,
    private readonly destinations: ReferralDestinationsRepository,
    private readonly hooks: ReferralHooks,
  ) {
    super(flow);
  }

  async change({ em, ctx, referral: r, dto, now }: ActionInput<CompleteReferralDto>, part: PartRow, next: DestinationStatus): Promise<PartChange> {
    await this.destinations.complete(em, part.id, next, now, dto.outcome satisfies Outcome, dto.notes ?? null);
    const done = { referralId: r.id, patientId: r.patient_id, destinationId: part.id, service: part.service, teamCode: part.team_code, urgency: r.urgency };
    await this.hooks.firePartCompleted(em, { ...done, by: ctx.principal.sub, outcome: dto.outcome });
    return { updated: { status: next }, event: { detail: { outcome: dto.outcome } } };
  }
}
