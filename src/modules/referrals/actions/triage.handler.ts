import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ValidationFailed } from '../../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import type { TeamType } from '../../teams/team.entity';
import { TeamsRepository } from '../../teams/teams.repository';
import { OutboxService } from '../../webhooks/outbox.service';
import { OUT_OF_HOURS_CRISIS_COVER, type ReferralService, SERVICE_TEAM_TYPE, SPOA_TEAM_TYPE, type Urgency } from '../domain/catalogue';
import { nextReferralStatus } from '../domain/referral-state';
import { breachAt, respondByFor } from '../domain/response-clock';
import { routeService } from '../domain/routing';
import { TRIAGE_EVENT, triageProblems } from '../domain/triage';
import type { TriageDestinationDto, TriageDto } from '../dto/referral.dto';
import { checkIfMatch, ReferralChanges } from '../referral-changes';
import { ReferralDestinationsRepository } from '../referral-destinations.repository';
import { InvalidTransition, NoTeamForService } from '../referral-errors';
import { ReferralHooks } from '../referral-hooks';
import { ReferralRoutingRepository } from '../referral-routing.repository';
import { type NewEvent, type ReferralRow, ReferralsRepository } from '../referrals.repository';
import type { ActionInput, ReferralActionHandler } from './referral-action';
import { checkTeamServes } from './team-serves';

interface RoutedPart {
  service: ReferralService;
  teamCode: string;
  basis: string;
  routedOutOfHours: boolean;
  reason: string | null;
}

/**
 * The single point of access triages: accept and route to one or more services (each a routed
 * part with its own team and clock), return to the referrer, or decline. A change of urgency
 * restarts the clock from receipt.
 */
@Injectable()
export class TriageHandler implements ReferralActionHandler<TriageDto> {
  constructor(
    private readonly changes: ReferralChanges,
    private readonly referrals: ReferralsRepository,
    private readonly destinations: ReferralDestinationsRepository,
    private readonly routing: ReferralRoutingRepository,
    private readonly teams: TeamsRepository,
    private readonly hooks: ReferralHooks,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async apply({ em, ctx, referral: r, dto, ifMatch, now }: ActionInput<TriageDto>): Promise<void> {
    await this.changes.openThroughGate(em, ctx, r, 'referral.triage');
    checkIfMatch(r, ifMatch);
    const to = nextReferralStatus(r.status, TRIAGE_EVENT[dto.decision]);
    if (!to) throw new InvalidTransition(`A referral that is ${r.status} cannot be triaged`);
    const problems = triageProblems(r.urgency, dto);
    if (problems.length) throw new ValidationFailed('The triage decision is not complete', problems);
    const urgency = dto.urgency ?? r.urgency;
    const urgencyChanged = urgency !== r.urgency;
    const respondBy = urgencyChanged ? respondByFor(r.received_at, urgency, this.config.referrals.responseTargetMinutes) : r.respond_by;
    const accept = dto.decision === 'accept';
    const routed = accept ? await this.route(em, r, dto.destinations ?? [], urgency, now) : [];
    const reason = dto.reason?.trim() || null;
    const events: NewEvent[] = [];
    if (urgencyChanged) events.push({ action: 'urgency_changed', from: r.urgency, to: urgency, reason });
    events.push({ action: 'triaged', from: r.status, to, reason, detail: { decision: dto.decision, notes: dto.notes ?? null } });
    for (const [position, part] of routed.entries()) {
      const destinationId = await this.destinations.insert(em, {
        referralId: r.id,
        position,
        service: part.service,
        teamCode: part.teamCode,
        respondBy,
        routingBasis: part.basis,
        routedOutOfHours: part.routedOutOfHours,
        routingReason: part.reason,
      });
      events.push({
        action: 'routed',
        to: 'awaiting_acceptance',
        teamCode: part.teamCode,
        destinationId,
        detail: { service: part.service, basis: part.basis, routedOutOfHours: part.routedOutOfHours, routingReason: part.reason },
      });
      await this.hooks.fireRouted(em, { referralId: r.id, patientId: r.patient_id, destinationId, service: part.service, teamCode: part.teamCode, urgency, by: ctx.principal.sub });
    }
    await this.referrals.recordTriage(em, r.id, {
      status: to,
      urgency,
      respondBy,
      breachAt: accept ? respondBy : breachAt(respondBy, now),
      decision: dto.decision,
      triagedAt: now,
      triagedBy: ctx.principal.sub,
      notes: dto.notes ?? null,
      closedAt: accept ? null : now,
      closedReason: accept ? null : reason,
    });
    await this.referrals.addEvents(em, r.id, ctx.principal, events);
    // Webhooks: an event with no patient identifiers, committed with the triage itself.
    await this.outbox.publish(em, 'referral.triaged', {
      referralId: r.id,
      decision: dto.decision,
      status: to,
      urgency,
      triagedAt: now.toISOString(),
      destinations: routed.map((part) => ({ service: part.service, teamCode: part.teamCode })),
    });
  }

  private async route(em: EntityManager, r: ReferralRow, destinations: TriageDestinationDto[], urgency: Urgency, now: Date): Promise<RoutedPart[]> {
    const types = new Set<TeamType>([SPOA_TEAM_TYPE]);
    for (const d of destinations) {
      types.add(SERVICE_TEAM_TYPE[d.service]);
      for (const t of OUT_OF_HOURS_CRISIS_COVER[d.service]) types.add(t);
    }
    const { practice, teams } = await this.routing.routeFor(em, [...types], r.patient_id);
    const out: RoutedPart[] = [];
    for (const [i, d] of destinations.entries()) {
      if (d.teamCode) {
        await checkTeamServes(this.teams, em, d.teamCode, d.service, `destinations.${i}.teamCode`);
        out.push({ service: d.service, teamCode: d.teamCode, basis: 'named', routedOutOfHours: false, reason: 'Named by the care navigator' });
        continue;
      }
      const result = routeService({ service: d.service, urgency, practice, teams, at: now });
      if (!result.ok) throw new NoTeamForService(`${result.reason}: name a teamCode`, [{ field: `destinations.${i}.service`, message: result.reason }]);
      out.push({ service: d.service, teamCode: result.teamCode, basis: result.basis, routedOutOfHours: result.routedOutOfHours, reason: result.reason });
    }
    return out;
  }
}
