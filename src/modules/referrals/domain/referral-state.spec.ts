import {
  AWAITING_CONTACT_STATUSES,
  AWAITING_CONTACT_STATUSES_SQL,
  DESTINATION_EVENTS,
  DESTINATION_STATUSES,
  REFERRAL_EVENTS,
  OPEN_DESTINATION_STATUSES,
  OPEN_DESTINATION_STATUSES_SQL,
  OPEN_REFERRAL_STATUSES,
  OPEN_REFERRAL_STATUSES_SQL,
  REFERRAL_STATUSES,
  isOpenReferral,
  nextDestinationStatus,
  nextReferralStatus,
  rollUp,
  rollUpEvent,
} from './referral-state';

describe('referral state machine', () => {
  const legal: Record<string, string> = {
    'awaiting_triage:triage_accept': 'accepted',
    'awaiting_triage:return_to_referrer': 'returned_to_referrer',
    'awaiting_triage:decline': 'declined',
    'awaiting_triage:cancel': 'cancelled',
    'accepted:first_contact': 'in_progress',
    'accepted:cancel': 'cancelled',
    'in_progress:first_contact': 'in_progress',
    'in_progress:complete': 'completed',
    'in_progress:cancel': 'cancelled',
  };

  // Every (status, event) pair: the legal ones move as the table says, every other one is refused.
  it.each(REFERRAL_STATUSES.flatMap((s) => REFERRAL_EVENTS.map((e) => [s, e] as const)))('%s + %s', (status, event) => {
    expect(nextReferralStatus(status, event)).toBe(legal[`${status}:${event}`] ?? null);
  });

  it('has no way out of a closed referral', () => {
    for (const s of ['completed', 'returned_to_referrer', 'declined', 'cancelled'] as const) {
      expect(isOpenReferral(s)).toBe(false);
      for (const e of REFERRAL_EVENTS) expect(nextReferralStatus(s, e)).toBeNull();
    }
    expect(isOpenReferral('awaiting_triage')).toBe(true);
  });
});

describe('routed part (destination) state machine', () => {
  const legal: Record<string, string> = {
    'awaiting_acceptance:accept': 'accepted',
    'awaiting_acceptance:first_contact': 'in_progress',
    'awaiting_acceptance:reassign': 'awaiting_acceptance',
    'awaiting_acceptance:cancel': 'cancelled',
    'accepted:first_contact': 'in_progress',
    'accepted:reassign': 'awaiting_acceptance',
    'accepted:cancel': 'cancelled',
    'in_progress:complete': 'completed',
    'in_progress:cancel': 'cancelled',
  };

  it.each(DESTINATION_STATUSES.flatMap((s) => DESTINATION_EVENTS.map((e) => [s, e] as const)))('%s + %s', (status, event) => {
    expect(nextDestinationStatus(status, event)).toBe(legal[`${status}:${event}`] ?? null);
  });
});

describe('rollUp', () => {
  it('keeps a referral accepted until a part has first contact', () => {
    expect(rollUp('accepted', ['awaiting_acceptance', 'accepted'])).toBe('accepted');
  });

  it('is in progress once any part has first contact, completed once every live part is', () => {
    expect(rollUp('accepted', ['in_progress', 'awaiting_acceptance'])).toBe('in_progress');
    expect(rollUp('in_progress', ['completed', 'accepted'])).toBe('in_progress');
    expect(rollUp('in_progress', ['completed', 'completed'])).toBe('completed');
    expect(rollUp('in_progress', ['completed', 'cancelled'])).toBe('completed');
  });

  it('leaves other statuses alone', () => {
    expect(rollUp('awaiting_triage', [])).toBe('awaiting_triage');
    expect(rollUp('cancelled', ['completed'])).toBe('cancelled');
  });

  it('names the referral event of each move, and every such move is legal', () => {
    expect(rollUpEvent('accepted', 'accepted')).toBeNull();
    expect(rollUpEvent('accepted', 'in_progress')).toBe('first_contact');
    expect(rollUpEvent('in_progress', 'completed')).toBe('complete');
    expect(nextReferralStatus('accepted', 'first_contact')).toBe('in_progress');
    expect(nextReferralStatus('in_progress', 'complete')).toBe('completed');
  });
});

describe('status lists as SQL', () => {
  const sql = (values: readonly string[]) => `(${values.map((v) => `'${v}'`).join(', ')})`;

  it('writes each list exactly as the list is', () => {
    expect(OPEN_REFERRAL_STATUSES_SQL).toBe(sql(OPEN_REFERRAL_STATUSES));
    expect(OPEN_DESTINATION_STATUSES_SQL).toBe(sql(OPEN_DESTINATION_STATUSES));
    expect(AWAITING_CONTACT_STATUSES_SQL).toBe(sql(AWAITING_CONTACT_STATUSES));
  });
});
