/**
 * "Who next" (001:1019): Pro-Active Care "targets the patients at highest risk of hospital admission
 * and then works its way through the lower risk patients". A candidate is skipped while in an open
 * episode, for a while after completing one, and for a while after declining one.
 */
export interface WhoNextRules {
  /** Months after a completed episode during which the patient is not invited again (default 12). */
  completedCooldownMonths: number;
  /** Months after declining during which the patient is not invited again (default 6). */
  declinedCooldownMonths: number;
}

export interface EpisodeHistory {
  /** The patient has an episode that is not completed, declined or withdrawn. */
  openEpisode: boolean;
  lastCompletedAt: Date | null;
  lastDeclinedAt: Date | null;
}

export type Exclusion = 'open_episode' | 'completed_recently' | 'declined_recently';

export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Why a candidate is not invited now, or null when they are next in line by risk. */
export function inviteExclusion(history: EpisodeHistory, now: Date, rules: WhoNextRules): Exclusion | null {
  if (history.openEpisode) return 'open_episode';
  if (history.lastCompletedAt && history.lastCompletedAt > monthsBefore(now, rules.completedCooldownMonths)) return 'completed_recently';
  if (history.lastDeclinedAt && history.lastDeclinedAt > monthsBefore(now, rules.declinedCooldownMonths)) return 'declined_recently';
  return null;
}

/** Candidates in risk order (already ranked) filtered by the rule, first `limit` kept. */
export function whoNext<T extends { history: EpisodeHistory }>(ranked: readonly T[], now: Date, rules: WhoNextRules, limit: number): T[] {
  const out: T[] = [];
  for (const c of ranked) {
    if (out.length >= limit) break;
    if (inviteExclusion(c.history, now, rules) === null) out.push(c);
  }
  return out;
}
