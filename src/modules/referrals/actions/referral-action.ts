import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../../common/auth/principal';
import type { DestinationEvent, DestinationStatus } from '../domain/referral-state';
import type {
  AcceptReferralDto,
  CancelReferralDto,
  CompleteReferralDto,
  FirstContactDto,
  ReassignReferralDto,
  TriageDto,
} from '../dto/referral.dto';
import type { PartRow } from '../referral-destinations.repository';
import type { NewEvent, ReferralRow } from '../referrals.repository';

/** What each action on a referral is given: the locked referral, its parts, the request. */
export interface ActionInput<D> {
  em: EntityManager;
  ctx: RequestContext;
  /** The referral, row locked for this transaction. */
  referral: ReferralRow;
  parts: PartRow[];
  dto: D;
  ifMatch: string | undefined;
  /** The moment of the action (the Clock's, taken when the request came). */
  now: Date;
}

/** One action on a referral: checks who may, applies it and records its history, in the caller's transaction. */
export interface ReferralActionHandler<D> {
  apply(input: ActionInput<D>): Promise<void>;
}

/** Every action on an existing referral, with what its request carries. */
export interface ReferralActionDtos {
  triage: TriageDto;
  accept: AcceptReferralDto;
  first_contact: FirstContactDto;
  complete: CompleteReferralDto;
  reassign: ReassignReferralDto;
  cancel: CancelReferralDto;
}
export type ReferralAction = keyof ReferralActionDtos;
export type ReferralActionHandlers = { [A in ReferralAction]: ReferralActionHandler<ReferralActionDtos[A]> };

/** What a receiving team's action changed on its part. */
export interface PartChange {
  /** The part's fields after the change (what the referral's roll-up reads: status, breach_at, team_code). */
  updated: Partial<PartRow>;
  /** The history entry, over the defaults (action, from/to status, team, part). */
  event: Partial<NewEvent>;
}

/**
 * A receiving team's action on one routed part. PartActionFlow does what they share (which part,
 * the patient gate, the state machine, If-Match, the referral's roll-up and history); the action
 * says what it changes.
 */
export interface PartAction<D extends { destinationId?: string }> {
  /** As in the audit action `referral.<name>`. */
  readonly name: 'accept' | 'first_contact' | 'complete' | 'reassign';
  readonly event: DestinationEvent;
  /** The history entry's action; with `_` read as a space, what a part in the wrong state "cannot be". */
  readonly past: string;
  /** "Only the receiving team can <verb>". */
  readonly verb: string;
  /** Whether the caller may act on a part of any team (default: only their teams' parts). */
  anyTeam?(ctx: RequestContext): boolean;
  change(input: ActionInput<D>, part: PartRow, next: DestinationStatus): Promise<PartChange>;
}
