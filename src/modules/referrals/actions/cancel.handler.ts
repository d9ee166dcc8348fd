import { Injectable } from '@nestjs/common';
import { Forbidden } from '../../../common/errors/domain-error';
import { mayCancel } from '../domain/parties';
import { AWAITING_CONTACT_STATUSES, type DestinationStatus, OPEN_DESTINATION_STATUSES, nextReferralStatus } from '../domain/referral-state';
import { breachAt, earliest } from '../domain/response-clock';
import type { CancelReferralDto } from '../dto/referral.dto';
import { checkIfMatch, ReferralChanges } from '../referral-changes';
import { type PartRow, ReferralDestinationsRepository } from '../referral-destinations.repository';
import { InvalidTransition } from '../referral-errors';
import { ReferralsRepository } from '../referrals.repository';
import type { ActionInput, ReferralActionHandler } from './referral-action';

/** The referrer (or the SPoA) withdraws an open referral: its open parts are cancelled, their clocks stopped. */
@Injectable()
export class CancelHandler implements ReferralActionHandler<CancelReferralDto> {
  constructor(
    private readonly changes: ReferralChanges,
    private readonly referrals: ReferralsRepository,
    private readonly destinations: ReferralDestinationsRepository,
  ) {}

  async apply({ em, ctx, referral: r, parts, dto, ifMatch, now }: ActionInput<CancelReferralDto>): Promise<void> {
    await this.changes.openForRead(em, ctx, r, 'referral.cancel');
    if (!mayCancel(ctx.principal, r.created_by_org)) throw new Forbidden('Only the referring organisation or the single point of access can cancel a referral');
    checkIfMatch(r, ifMatch);
    const to = nextReferralStatus(r.status, 'cancel');
    if (!to) throw new InvalidTransition(`A referral that is ${r.status} cannot be cancelled`);
    const after: PartRow[] = [];
    for (const d of parts) {
      if (!OPEN_DESTINATION_STATUSES.includes(d.status)) {
        after.push(d);
        continue;
      }
      const stopped = AWAITING_CONTACT_STATUSES.includes(d.status) ? breachAt(d.respond_by, now) : d.breach_at;
      await this.destinations.cancel(em, d.id, now, stopped);
      after.push({ ...d, status: 'cancelled' as DestinationStatus, breach_at: stopped });
    }
    const clock = earliest(after.map((d) => d.breach_at)) ?? breachAt(r.respond_by, now);
    const reason = dto.reason.trim();
    await this.referrals.close(em, r.id, to, clock, now, reason);
    const cancelled = parts.filter((d) => OPEN_DESTINATION_STATUSES.includes(d.status)).map((d) => d.id);
    await this.referrals.addEvents(em, r.id, ctx.principal, [{ action: 'cancelled', from: r.status, to, reason, detail: { cancelledParts: cancelled } }]);
  }
}
