/** RFC 5545 iCalendar for one meeting, written by hand: CRLF line ends, lines folded at 75 octets. */
export interface IcsMeeting {
  id: string;
  start: Date;
  end: Date;
  status: 'scheduled' | 'cancelled';
  summary: string;
  description?: string;
  /** Increases every time the meeting moves or is cancelled (SEQUENCE), so clients update their copy. */
  sequence: number;
  attendees: { staffId: string; name: string; role: string }[];
}

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** YYYYMMDDTHHMMSSZ */
export function icsDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT value escaping (RFC 5545 3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Parameter values with ; : , are quoted; quotes themselves are not allowed and are dropped. */
function paramValue(s: string): string {
  const clean = s.replace(/["\r\n]/g, '');
  return /[;:,]/.test(clean) ? `"${clean}"` : clean;
}

/** Folds a content line at 75 octets (never splitting a UTF-8 character); continuation lines start with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines carry a leading space
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function buildIcs(m: IcsMeeting, now: Date, domain = 'care-coordination.example.nhs.uk'): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Care Coordination SPoA//MDT meetings//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${m.status === 'cancelled' ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:mdt-${m.id}@${domain}`,
    `DTSTAMP:${icsDate(now)}`,
    `DTSTART:${icsDate(m.start)}`,
    `DTEND:${icsDate(m.end)}`,
    `SEQUENCE:${m.sequence}`,
    `STATUS:${m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(m.summary)}`,
    ...(m.description ? [`DESCRIPTION:${escapeText(m.description)}`] : []),
    ...m.attendees.map((a) => `ATTENDEE;CN=${paramValue(a.name)};ROLE=REQ-PARTICIPANT;X-MDT-ROLE=${paramValue(a.role)}:urn:x-staff-id:${encodeURIComponent(a.staffId)}`),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
