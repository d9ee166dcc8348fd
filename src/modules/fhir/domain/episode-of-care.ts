import { compact, localConcept, organizationRef, patientRef, staffRef } from './common';

/** The parts of a Pro-Active Care episode view the mapping reads (modules/caseloads EpisodeView). */
export interface EpisodeInput {
  id: string;
  nhsNumber: string;
  practiceOds: string;
  status: string;
  careCoordinator: { staffId: string; name: string; teamCode: string };
  statusChangedAt: string;
  startedAt: string | null;
  plannedEndAt: string | null;
  endedAt: string | null;
  createdAt: string;
  version: number;
  history: { at: string; from: string | null; to: string }[];
}

type EpisodeStatus = 'planned' | 'waitlist' | 'active' | 'onhold' | 'finished' | 'cancelled';

/**
 * Our episode states -> episode-of-care-status: identified/invited are planned, assessment and MDT
 * review wait for the plan (waitlist), active and review due are active, completed is finished,
 * declined and withdrawn are cancelled.
 */
export const EPISODE_STATUS: Record<string, EpisodeStatus> = {
  identified: 'planned',
  invited: 'planned',
  assessment: 'waitlist',
  mdt_review: 'waitlist',
  active: 'active',
  review_due: 'active',
  completed: 'finished',
  declined: 'cancelled',
  withdrawn: 'cancelled',
};

/**
 * A Pro-Active Care episode as EpisodeOfCare: status and statusHistory (one period per state it was
 * in, from the transition log), type Pro-Active Care, the practice as managingOrganization (the GP
 * is the accountable lead), the care coordinator, the team, and the 12-week period once the plan
 * was agreed (start to planned or actual end).
 */
export function toFhirEpisodeOfCare(e: EpisodeInput) {
  const statusHistory = e.history.map((h, i) => {
    const end = e.history[i + 1]?.at;
    return { status: EPISODE_STATUS[h.to] ?? 'planned', period: compact({ start: h.at, end }) };
  });
  return compact({
    resourceType: 'EpisodeOfCare' as const,
    id: e.id,
    meta: { versionId: String(e.version), lastUpdated: e.statusChangedAt },
    status: EPISODE_STATUS[e.status] ?? 'planned',
    statusHistory,
    type: [localConcept('episode-type', 'proactive_care', 'Pro-Active Care (12-week MDT intervention)')],
    patient: patientRef(e.nhsNumber),
    managingOrganization: organizationRef(e.practiceOds),
    period: compact({ start: e.startedAt ?? e.createdAt, end: e.endedAt ?? e.plannedEndAt ?? undefined }),
    careManager: staffRef(e.careCoordinator.staffId, e.careCoordinator.name),
    team: [{ display: `${e.careCoordinator.teamCode} (care coordinator's team)` }],
  });
}
