import { type AgendaQuery, agendaSource } from '../mdt/mdt-agenda.registry';
import { AdmissionsForMdtRepository } from './for-mdt.repository';

/** The first meeting of a practice looks back this far for admissions and discharges. */
export const FIRST_MEETING_LOOKBACK_DAYS = 31;

const day = (d: Date) => d.toISOString().slice(0, 10);
const sinceOf = (q: AgendaQuery) => q.since ?? new Date(q.meetingStart.getTime() - FIRST_MEETING_LOOKBACK_DAYS * 86_400_000);

/** MDT agenda: patients admitted or discharged since the practice's last meeting, earliest event first. */
export const AdmissionsAgendaSource = agendaSource({
  className: 'AdmissionsAgendaSource',
  name: 'admissions_since_last_meeting',
  reasons: ['admitted_or_discharged'],
  reader: AdmissionsForMdtRepository,
  rows: (admissions, em, q) => admissions.admittedOrDischarged(em, q.practiceOds, sinceOf(q), q.meetingStart),
  propose: (r, q) => {
    const discharged = r.dischargedAt && r.dischargedAt > sinceOf(q) && r.dischargedAt <= q.meetingStart;
    const at = discharged ? (r.dischargedAt as Date) : r.admittedAt;
    return { reason: 'admitted_or_discharged', priority: at.getTime(), detail: discharged ? `Discharged ${day(at)}` : `Admitted ${day(at)}` };
  },
});
