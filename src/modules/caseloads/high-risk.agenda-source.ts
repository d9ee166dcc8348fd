import { agendaSource } from '../mdt/mdt-agenda.registry';
import { CaseloadsForMdtRepository } from './for-mdt.repository';

/** Highest-risk candidates: the practice's top share by latest score (NHS England's case-management register: 2%), at most this many. */
export const HIGH_RISK_SHARE = 0.02;
export const HIGH_RISK_MAX = 50;

/** MDT agenda: the practice's highest-risk patients by latest score, not in an open Pro-Active Care episode. */
export const HighRiskAgendaSource = agendaSource({
  className: 'HighRiskAgendaSource',
  name: 'high_risk_not_enrolled',
  reasons: ['high_risk_not_enrolled'],
  reader: CaseloadsForMdtRepository,
  rows: (risk, em, q) => risk.highestRiskNotEnrolled(em, q.practiceOds, HIGH_RISK_SHARE, HIGH_RISK_MAX),
  propose: (r) => ({ reason: 'high_risk_not_enrolled', priority: -r.score, detail: `Risk score ${r.score} (${r.model}), not enrolled` }),
});
