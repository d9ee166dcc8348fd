import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../../common/auth/principal';
import { Forbidden, ValidationFailed } from '../../../common/errors/domain-error';
import { type PartChoice, chooseDestination } from '../domain/parties';
import { nextDestinationStatus, nextReferralStatus, rollUp, rollUpEvent } from '../domain/referral-state';
import { earliest } from '../domain/response-clock';
import { checkIfMatch, ReferralChanges } from '../referral-changes';
import type { PartRow } from '../referral-destinations.repository';
import { InvalidTransition } from '../referral-errors';
import { type NewEvent, type ReferralRow, ReferralsRepository } from '../referrals.repository';
import type { DestinationEvent, DestinationStatus } from '../domain/referral-state';
import type { ActionInput, PartAction, PartChange, ReferralActionHandler } from './referral-action';

/** What every receiving team's action does around its own change (see PartAction). */
@Injectable()
export class PartActionFlow {
  constructor(
    private readonly changes: ReferralChanges,
    private readonly referrals: ReferralsRepository,
  ) {}

  async run<D extends { destinationId?: string }>(action: PartAction<D>, input: ActionInput<D>): Promise<void> {
    const { em, ctx, referral: r, parts } = input;
    const p = ctx.principal;
    const audit = `referral.${action.name}`;
    const party = parts.some((d) => p.teams.includes(d.team_code));
    // Someone outside the receiving teams learns nothing before the patient gate lets them in.
    if (!party) await this.changes.openThroughGate(em, ctx, r, audit);
    const choice = chooseDestination(
      parts.map((d) => ({ id: d.id, teamCode: d.team_code, status: d.status })),
      p.teams,
      input.dto.destinationId,
      action.anyTeam?.(ctx) ?? false,
    );
    if (!choice.ok) throw choiceError(choice.problem, action.verb, r.status);
    const part = parts.find((d) => d.id === choice.part.id) as PartRow;
    const next = nextDestinationStatus(part.status, action.event);
    if (!next) throw new InvalidTransition(`A routed part that is ${part.status} cannot be ${action.past.replace('_', ' ')}`);
    if (party) await this.changes.openThroughGate(em, ctx, r, audit);
    checkIfMatch(r, input.ifMatch);

    const { updated, event } = await action.change(input, part, next);
    const after = parts.map((d) => (d.id === part.id ? { ...d, ...updated } : d));
    const entry: NewEvent = { action: action.past, from: part.status, to: next, teamCode: part.team_code, destinationId: part.id, ...event };
    await this.settle(em, ctx, r, after, [entry], input.now);
  }

  /** The referral's status and clock after a change to its parts (rollUp), with history. */
  private async settle(em: EntityManager, ctx: RequestContext, r: ReferralRow, parts: PartRow[], events: NewEvent[], now: Date): Promise<void> {
    const status = rollUp(r.status, parts.map((d) => d.status));
    if (status !== r.status) {
      const event = rollUpEvent(r.status, status);
      if (!event || nextReferralStatus(r.status, event) !== status) throw new InvalidTransition(`A referral that is ${r.status} cannot become ${status}`);
      events.push({ action: 'status_changed', from: r.status, to: status });
    }
    const live = parts.filter((d) => d.status !== 'cancelled');
    const clock = earliest((live.length ? live : parts).map((d) => d.breach_at)) ?? r.breach_at;
    await this.referrals.settle(em, r.id, status, clock, now);
    await this.referrals.addEvents(em, r.id, ctx.principal, events);
  }
}

function choiceError(problem: Extract<PartChoice, { ok: false }>['problem'], verb: string, status: string): Error {
  switch (problem) {
    case 'not_routed':
      return new InvalidTransition(`A referral that is ${status} has not been routed to a team`);
    case 'not_your_team':
      return new Forbidden(`Only the receiving team can ${verb}`);
    case 'unknown_destination':
      return new ValidationFailed('No such routed part', [{ field: 'destinationId', message: 'is not a routed part of this referral' }]);
    case 'ambiguous':
      return new ValidationFailed('Say which routed part', [{ field: 'destinationId', message: 'is required: several routed parts could be meant' }]);
  }
}

/**
 * The handler of a receiving team's action: `apply` runs it through PartActionFlow; a subclass
 * gives its names and its own `change`.
 */
export abstract class PartActionHandler<D extends { destinationId?: string }> implements ReferralActionHandler<D>, PartAction<D> {
  abstract readonly name: PartAction<D>['name'];
  abstract readonly event: DestinationEvent;
  abstract readonly past: string;
  abstract readonly verb: string;

  constructor(private readonly flow: PartActionFlow) {}

  apply(input: ActionInput<D>): Promise<void> {
    return this.flow.run(this, input);
  }

  abstract change(input: ActionInput<D>, part: PartRow, next: DestinationStatus): Promise<PartChange>;
}
