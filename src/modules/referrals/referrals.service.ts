import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { Forbidden } from '../../common/errors/domain-error';
import { Page, decodeCursor, encodeCursor } from '../../common/pagination';
import { ReferralActions } from './actions/referral-actions';
import type { ReferralAction, ReferralActionDtos, ReferralActionHandler } from './actions/referral-action';
import type { Urgency } from './domain/catalogue';
import type { CreateReferralDto, StatusFilter } from './dto/referral.dto';
import type { ReferralView } from './dto/referral.view';
import { type Changed, ReferralChanges } from './referral-changes';
import { ReferralDestinationsRepository } from './referral-destinations.repository';
import { ReferralNotFound } from './referral-errors';
import { ReferralIntake } from './referral-intake.service';
import { toReferralView } from './referral-mapper';
import { ReferralQueueRepository } from './referral-queue.repository';
import { type ReferralRow, ReferralsRepository } from './referrals.repository';

export type { Changed } from './referral-changes';
export { etagOf } from './referral-changes';

export interface ListReferrals {
  status?: StatusFilter;
  urgency?: Urgency;
  team?: string;
  nhsNumber?: string;
  breached?: boolean;
  unassigned?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * Referrals through the single point of access: taking them (ReferralIntake), reading one, the
 * queue and team worklists, and every action on a referral (one handler per action, in
 * `actions/`), each in one transaction that takes the referral's row lock (ReferralChanges).
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly intake: ReferralIntake,
    private readonly changes: ReferralChanges,
    private readonly actions: ReferralActions,
    private readonly referrals: ReferralsRepository,
    private readonly destinations: ReferralDestinationsRepository,
    private readonly queue: ReferralQueueRepository,
    private readonly clock: Clock,
  ) {}

  create(ctx: RequestContext, dto: CreateReferralDto): Promise<Changed> {
    return this.intake.create(ctx, dto);
  }

  async get(ctx: RequestContext, id: string): Promise<Changed> {
    return this.db.transaction(async (em) => {
      const [row] = await this.referrals.rows(em, [id]);
      if (!row) throw new ReferralNotFound();
      await this.changes.openForRead(em, ctx, row, 'referral.read');
      return this.changes.answer(em, ctx, row);
    });
  }

  /** Triage, the receiving team's actions on its part, cancellation: see actions/. */
  act<A extends ReferralAction>(ctx: RequestContext, id: string, action: A, dto: ReferralActionDtos[A], ifMatch?: string): Promise<Changed> {
    const now = this.clock.now();
    const handler: ReferralActionHandler<ReferralActionDtos[A]> = this.actions.handlers[action];
    return this.changes.change(ctx, id, (em, referral, parts) => handler.apply({ em, ctx, referral, parts, dto, ifMatch, now }));
  }

  /**
   * The triage queue / team worklist. Order: breached first, then respondBy, then id (with `team`,
   * the team's routed parts' clocks). "Now" is frozen in the cursor so pages stay consistent.
   */
  async list(ctx: RequestContext, q: ListReferrals): Promise<Page<ReferralView>> {
    const p = ctx.principal;
    const readAny = p.permissions.has(Permission.PatientReadAny);
    if (q.team !== undefined && !readAny && !p.teams.includes(q.team)) throw new Forbidden("You can list your own teams' worklists only");
    const cursor = decodeCursor(q.cursor, ['time', 'int', 'time', 'uuid']);
    const asOf = cursor ? new Date(cursor[0]) : this.clock.now();
    // Without read-any: the referrals routed to the caller's teams (care staff), or sent by the caller's organisation (referrers).
    const visibleTo = readAny
      ? undefined
      : { teams: p.permissions.has(Permission.PatientRead) ? p.teams : [], org: p.org && p.roles.includes('referrer') ? p.org : null };

    return this.db.transaction(async (em) => {
      const keys = await this.queue.page(em, {
        asOf,
        team: q.team,
        status: q.status ?? 'open',
        urgency: q.urgency,
        nhsNumber: q.nhsNumber,
        breached: q.breached,
        unassigned: q.unassigned,
        visibleTo,
        after: cursor ? { breached: cursor[1] as 0 | 1, respondBy: cursor[2], id: cursor[3] } : undefined,
        limit: q.limit + 1,
      });
      const more = keys.length > q.limit;
      const page = more ? keys.slice(0, q.limit) : keys;
      const ids = [...new Set(page.map((k) => k.referralId))];
      const rows = await this.referrals.rows(em, ids);
      const parts = await this.destinations.parts(em, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const includePatient = p.permissions.has(Permission.PatientRead);
      const items = page.map((k) => toReferralView(byId.get(k.referralId) as ReferralRow, parts, asOf, { includePatient, external: !includePatient }));
      await this.audit.record(
        em,
        ctx,
        rows.map((r) => ({ action: 'referral.list', resourceType: 'referral', resourceId: r.id, patient: { id: r.patient_id, nhsNumber: r.nhs_number } })),
      );
      const last = page[page.length - 1];
      return {
        items,
        nextCursor: more ? encodeCursor([asOf.toISOString(), Number(last.breached), last.cursorAt, last.keyId]) : null,
      };
    });
  }
}
