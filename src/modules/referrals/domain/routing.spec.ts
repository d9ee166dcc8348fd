import type { OperatingHours } from '../../teams/domain/operating-hours';
import { chooseSpoa, routeService, type TeamCandidate } from './routing';

// 2026-03-04 is a Wednesday. 11:00Z = 11:00 London (GMT); 23:00Z = 23:00 London.
const WED_DAY = new Date('2026-03-04T11:00:00Z');
const WED_NIGHT = new Date('2026-03-04T23:00:00Z');
const WEEKDAYS_9_5: OperatingHours = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, open: '09:00', close: '17:00' })) as OperatingHours;

function team(code: string, type: TeamCandidate['type'], extra: Partial<TeamCandidate> = {}): TeamCandidate {
  return { code, type, locality: null, operatingHours: '24/7', alignedToPractice: false, practiceSpecific: false, ...extra };
}

const practice = { odsCode: 'P1', locality: 'Dover/Deal' };
const world: TeamCandidate[] = [
  team('SPOA', 'single_point_of_access'),
  team('NCT-1', 'neighbourhood_care_team', { alignedToPractice: true, practiceSpecific: true, locality: 'Dover/Deal', operatingHours: WEEKDAYS_9_5 }),
  team('NCT-2', 'neighbourhood_care_team', { practiceSpecific: true, locality: 'Dover/Deal', operatingHours: '24/7' }),
  team('RR-DD', 'rapid_response', { locality: 'Dover/Deal' }),
  team('RR-SF', 'rapid_response', { locality: 'Shepway/Folkestone' }),
  team('IC-DD', 'intermediate_care', { locality: 'Dover/Deal', operatingHours: WEEKDAYS_9_5 }),
  team('IC-ALL', 'intermediate_care', { operatingHours: '24/7' }),
  team('FALLS', 'falls_prevention', { operatingHours: WEEKDAYS_9_5 }),
  team('MH', 'mental_health', { operatingHours: WEEKDAYS_9_5 }),
];

describe('routeService', () => {
  it('on a bank holiday (England and Wales) a weekday-hours team is closed: the next open team, or the SPoA, takes it', () => {
    const easterMonday = new Date('2026-04-06T10:00:00Z'); // 11:00 BST, a Monday
    expect(routeService({ service: 'intermediate_care', urgency: 'urgent', practice, teams: world, at: easterMonday })).toMatchObject({ teamCode: 'IC-ALL', basis: 'ccg_wide' });
    expect(routeService({ service: 'falls_prevention', urgency: 'routine', practice, teams: world, at: easterMonday })).toMatchObject({ teamCode: 'SPOA', routedOutOfHours: true });
    const dayAfter = new Date('2026-04-07T10:00:00Z');
    expect(routeService({ service: 'falls_prevention', urgency: 'routine', practice, teams: world, at: dayAfter })).toMatchObject({ teamCode: 'FALLS', routedOutOfHours: false });
    // with a calendar that has no bank holidays the same Monday is an ordinary day
    expect(routeService({ service: 'falls_prevention', urgency: 'routine', practice, teams: world, at: easterMonday, bankHolidays: new Set() })).toMatchObject({ teamCode: 'FALLS' });
  });

  it("prefers the team aligned to the patient's practice when it is open", () => {
    expect(routeService({ service: 'neighbourhood_care_team', urgency: 'urgent', practice, teams: world, at: WED_DAY })).toMatchObject({
      ok: true,
      teamCode: 'NCT-1',
      basis: 'practice',
      routedOutOfHours: false,
    });
  });

  it('then a team covering the locality, never another practice-aligned team', () => {
    expect(routeService({ service: 'rapid_response', urgency: 'crisis', practice, teams: world, at: WED_NIGHT })).toMatchObject({
      teamCode: 'RR-DD',
      basis: 'locality',
    });
    const r = routeService({ service: 'neighbourhood_care_team', urgency: 'routine', practice, teams: world, at: WED_NIGHT });
    expect(r).toMatchObject({ ok: true, basis: 'out_of_hours', teamCode: 'SPOA' });
  });

  it('falls through to an open CCG-wide team when the local one is closed', () => {
    expect(routeService({ service: 'intermediate_care', urgency: 'urgent', practice, teams: world, at: WED_DAY })).toMatchObject({ teamCode: 'IC-DD', basis: 'locality' });
    expect(routeService({ service: 'intermediate_care', urgency: 'urgent', practice, teams: world, at: WED_NIGHT })).toMatchObject({ teamCode: 'IC-ALL', basis: 'ccg_wide' });
    expect(routeService({ service: 'step_up_bed', urgency: 'urgent', practice, teams: world, at: WED_NIGHT })).toMatchObject({ teamCode: 'IC-ALL' });
  });

  it('sends a crisis for a closed service to 24/7 clinical cover, and says so', () => {
    const r = routeService({ service: 'falls_prevention', urgency: 'crisis', practice, teams: world, at: WED_NIGHT });
    expect(r).toMatchObject({ ok: true, teamCode: 'RR-DD', basis: 'out_of_hours', routedOutOfHours: true });
    expect(r.reason).toMatch(/No falls_prevention team covering the patient is open at 2026-03-04T23:00:00.000Z \(Wed 23:00 Europe\/London\)/);
    expect(r.reason).toMatch(/out-of-hours crisis cover/);
  });

  it('holds a non-crisis referral for a closed service at the 24/7 SPoA', () => {
    for (const urgency of ['urgent', 'routine'] as const) {
      const r = routeService({ service: 'falls_prevention', urgency, practice, teams: world, at: WED_NIGHT });
      expect(r).toMatchObject({ ok: true, teamCode: 'SPOA', routedOutOfHours: true });
      expect(r.reason).toMatch(/held by the 24\/7 single point of access SPOA/);
    }
    expect(routeService({ service: 'mental_health', urgency: 'crisis', practice, teams: world, at: WED_NIGHT })).toMatchObject({ teamCode: 'SPOA' });
  });

  it('routes nowhere when no team of the service covers the patient', () => {
    expect(routeService({ service: 'social_care', urgency: 'urgent', practice, teams: world, at: WED_DAY })).toEqual({ ok: false, reason: expect.stringMatching(/No social_care team/) });
    expect(routeService({ service: 'neighbourhood_care_team', urgency: 'urgent', practice: null, teams: world, at: WED_DAY })).toMatchObject({ ok: false });
  });

  it('routes nowhere when everything is closed and there is no 24/7 SPoA', () => {
    const noSpoa = world.filter((t) => t.type !== 'single_point_of_access');
    expect(routeService({ service: 'falls_prevention', urgency: 'routine', practice, teams: noSpoa, at: WED_NIGHT })).toMatchObject({ ok: false });
  });

  it('respects the clock change (Europe/London)', () => {
    // 2026-06-03 (Wed) 16:30Z is 17:30 BST: a 09:00-17:00 team is closed.
    expect(routeService({ service: 'falls_prevention', urgency: 'routine', practice, teams: world, at: new Date('2026-06-03T16:30:00Z') })).toMatchObject({
      teamCode: 'SPOA',
    });
    expect(routeService({ service: 'falls_prevention', urgency: 'routine', practice, teams: world, at: new Date('2026-06-03T15:30:00Z') })).toMatchObject({
      teamCode: 'FALLS',
    });
  });
});

describe('chooseSpoa', () => {
  const spoas = [team('SPOA-B', 'single_point_of_access', { locality: 'Dover/Deal' }), team('SPOA-A', 'single_point_of_access')];
  it("is the caller's own SPoA, else the one covering the patient, else any", () => {
    expect(chooseSpoa(['SPOA-A'], spoas, practice)).toBe('SPOA-A');
    expect(chooseSpoa(['NCT-1'], spoas, practice)).toBe('SPOA-B');
    expect(chooseSpoa([], spoas, { odsCode: 'P9', locality: 'Elsewhere' })).toBe('SPOA-A');
    expect(chooseSpoa([], [], practice)).toBeNull();
  });
});
