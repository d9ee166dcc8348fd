import { BANK_HOLIDAYS_ENGLAND_AND_WALES } from '../../teams/domain/bank-holidays';
import { LOCAL_TIME_ZONE, type OperatingHours, isOpenAt } from '../../teams/domain/operating-hours';
import type { TeamType } from '../../teams/team.entity';
import { OUT_OF_HOURS_CRISIS_COVER, type ReferralService, SERVICE_TEAM_TYPE, SPOA_TEAM_TYPE, type Urgency } from './catalogue';

/** A team as routing sees it. */
export interface TeamCandidate {
  code: string;
  type: TeamType;
  locality: string | null;
  operatingHours: OperatingHours;
  /** The team is aligned to the patient's GP practice (team_practices). */
  alignedToPractice: boolean;
  /** The team is aligned to some practices (it serves those practices only, not a whole locality). */
  practiceSpecific: boolean;
}

export interface RoutingRequest {
  service: ReferralService;
  urgency: Urgency;
  /** The patient's practice and its locality (null when the patient has none on record). */
  practice: { odsCode: string; locality: string | null } | null;
  teams: readonly TeamCandidate[];
  at: Date;
  /** Local dates that are bank holidays (default: England and Wales, from the teams data file). */
  bankHolidays?: ReadonlySet<string>;
}

export type RoutingBasis = 'practice' | 'locality' | 'ccg_wide' | 'out_of_hours';

export type RoutingResult =
  | { ok: true; teamCode: string; basis: RoutingBasis; routedOutOfHours: boolean; reason: string }
  | { ok: false; reason: string };

function byCode(a: TeamCandidate, b: TeamCandidate): number {
  return a.code.localeCompare(b.code);
}

/**
 * Teams of a type that cover the patient, most local first: aligned to the practice, then covering
 * the practice's locality, then CCG-wide (no locality). Practice-aligned teams serve their
 * practices only, so they never stand in for a locality or CCG-wide service.
 */
export function coveringTiers(type: TeamType, teams: readonly TeamCandidate[], practice: RoutingRequest['practice']): [RoutingBasis, TeamCandidate[]][] {
  const ofType = teams.filter((t) => t.type === type).sort(byCode);
  const aligned = practice ? ofType.filter((t) => t.alignedToPractice) : [];
  const locality = practice?.locality ? ofType.filter((t) => !t.practiceSpecific && t.locality === practice.locality) : [];
  const ccgWide = ofType.filter((t) => !t.practiceSpecific && t.locality === null);
  return [
    ['practice', aligned],
    ['locality', locality],
    ['ccg_wide', ccgWide],
  ];
}

function localTime(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: LOCAL_TIME_ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

const WHERE: Record<RoutingBasis, string> = {
  practice: "aligned to the patient's practice",
  locality: "covering the practice's locality",
  ccg_wide: 'CCG-wide',
  out_of_hours: 'out of hours',
};

/**
 * Routes one service for one patient at one moment (domain.md step 2, api.md triage):
 * the most local covering team of that service that is open at `at`. When every covering team is
 * closed: a crisis goes to a 24/7 clinical cover for that service when there is one
 * (OUT_OF_HOURS_CRISIS_COVER), otherwise the referral is held by the 24/7 single point of access
 * until the team opens; either way the result says so (`routedOutOfHours`, `reason`).
 * When no team of the service covers the patient at all there is nothing to route to (ok: false):
 * the navigator names a team.
 */
export function routeService(req: RoutingRequest): RoutingResult {
  const type = SERVICE_TEAM_TYPE[req.service];
  const tiers = coveringTiers(type, req.teams, req.practice);
  const covering = tiers.flatMap(([, teams]) => teams);
  if (covering.length === 0) {
    return { ok: false, reason: `No ${type} team covers the patient${req.practice ? `'s practice ${req.practice.odsCode}` : ' (no GP practice on record)'}` };
  }
  for (const [basis, teams] of tiers) {
    const open = teams.find((t) => isOpenAt(t.operatingHours, req.at, req.bankHolidays ?? BANK_HOLIDAYS_ENGLAND_AND_WALES));
    if (open) {
      return { ok: true, teamCode: open.code, basis, routedOutOfHours: false, reason: `Routed to ${open.code} (${type}, ${WHERE[basis]}), open at ${localTime(req.at)} ${LOCAL_TIME_ZONE}` };
    }
  }
  const closed = `No ${type} team covering the patient is open at ${req.at.toISOString()} (${localTime(req.at)} ${LOCAL_TIME_ZONE}); closed: ${covering.map((t) => t.code).join(', ')}`;
  const cover = req.urgency === 'crisis' ? OUT_OF_HOURS_CRISIS_COVER[req.service] : [];
  for (const coverType of [...cover, SPOA_TEAM_TYPE]) {
    for (const [, teams] of coveringTiers(coverType, req.teams, req.practice)) {
      const open = teams.find((t) => isOpenAt(t.operatingHours, req.at, req.bankHolidays ?? BANK_HOLIDAYS_ENGLAND_AND_WALES));
      if (open) {
        const how =
          coverType === SPOA_TEAM_TYPE
            ? `held by the 24/7 single point of access ${open.code} until a ${type} team opens`
            : `routed to the 24/7 ${coverType} team ${open.code} as out-of-hours crisis cover`;
        return { ok: true, teamCode: open.code, basis: 'out_of_hours', routedOutOfHours: true, reason: `${closed}; ${how}` };
      }
    }
  }
  return { ok: false, reason: `${closed}, and no 24/7 single point of access is open to hold it` };
}

/**
 * The single point of access responsible for a referral (it triages and is told of breaches):
 * the caller's own SPoA team when they are in one, else the SPoA covering the patient.
 */
export function chooseSpoa(callerTeams: readonly string[], teams: readonly TeamCandidate[], practice: RoutingRequest['practice']): string | null {
  const spoas = teams.filter((t) => t.type === SPOA_TEAM_TYPE).sort(byCode);
  const own = spoas.find((t) => callerTeams.includes(t.code));
  if (own) return own.code;
  for (const [, tier] of coveringTiers(SPOA_TEAM_TYPE, teams, practice)) if (tier.length) return tier[0].code;
  return spoas[0]?.code ?? null;
}
