import { Injectable } from '@nestjs/common';
import { AcceptHandler } from './accept.handler';
import { CancelHandler } from './cancel.handler';
import { CompleteHandler } from './complete.handler';
import { FirstContactHandler } from './first-contact.handler';
import { PartActionFlow } from './part-action-flow';
import { ReassignHandler } from './reassign.handler';
import type { ReferralActionHandlers } from './referral-action';
import { TriageHandler } from './triage.handler';

/** Which handler does which action on a referral. */
@Injectable()
export class ReferralActions {
  readonly handlers: ReferralActionHandlers;

  constructor(
    triage: TriageHandler,
    accept: AcceptHandler,
    firstContact: FirstContactHandler,
    complete: CompleteHandler,
    reassign: ReassignHandler,
    cancel: CancelHandler,
  ) {
    this.handlers = { triage, accept, first_contact: firstContact, complete, reassign, cancel };
  }
}

/** The action handlers and what they share, for the module's providers. */
export const REFERRAL_ACTION_PROVIDERS = [PartActionFlow, TriageHandler, AcceptHandler, FirstContactHandler, CompleteHandler, ReassignHandler, CancelHandler, ReferralActions];
