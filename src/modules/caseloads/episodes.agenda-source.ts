import { agendaSource } from '../mdt/mdt-agenda.registry';
import { CaseloadsForMdtRepository } from './for-mdt.repository';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** MDT agenda: episodes awaiting joint assessment or plan agreement, and 12-week reviews due by the meeting. */
export const EpisodesAgendaSource = agendaSource({
  className: 'EpisodesAgendaSource',
  name: 'proactive_care_episodes',
  reasons: ['episode_awaiting_assessment_or_agreement', 'twelve_week_review_due'],
  reader: CaseloadsForMdtRepository,
  rows: (episodes, em, q) => episodes.episodesForAgenda(em, q.practiceOds, q.meetingStart),
  propose: (r) =>
    r.status === 'assessment' || r.status === 'mdt_review'
      ? {
          reason: 'episode_awaiting_assessment_or_agreement',
          priority: r.statusChangedAt.getTime(),
          detail: r.status === 'assessment' ? `Joint assessment since ${day(r.statusChangedAt)}` : `Plan agreement awaited since ${day(r.statusChangedAt)}`,
        }
      : { reason: 'twelve_week_review_due', priority: (r.plannedEndAt as Date).getTime(), detail: `12-week review due ${day(r.plannedEndAt as Date)}` },
});
