import ICAL from 'ical.js';

/**
 * RFC 5545 iCalendar for one meeting, written with ical.js (Mozilla's iCalendar library: it escapes
 * TEXT values, quotes and RFC 6868-encodes parameters, and folds long lines on UTF-8 boundaries).
 * Attendees are staff without e-mail addresses here, so each is a `urn:x-staff-id:` calendar address.
 */
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

// ical.js folds a line once it holds foldLength octets and starts each continuation with a space:
// 74 keeps every physical line, continuations included, within RFC 5545's 75 octets.
ICAL.foldLength = 74;

const utc = (d: Date) => ICAL.Time.fromJSDate(d, true);

export function buildIcs(m: IcsMeeting, now: Date, domain = 'care-coordination.example.nhs.uk'): string {
  const cancelled = m.status === 'cancelled';
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('prodid', '-//Care Coordination SPoA//MDT meetings//EN');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  cal.addPropertyWithValue('method', cancelled ? 'CANCEL' : 'PUBLISH');

  const ev = new ICAL.Component('vevent');
  ev.addPropertyWithValue('uid', `mdt-${m.id}@${domain}`);
  ev.addPropertyWithValue('dtstamp', utc(now));
  ev.addPropertyWithValue('dtstart', utc(m.start));
  ev.addPropertyWithValue('dtend', utc(m.end));
  ev.addPropertyWithValue('sequence', m.sequence);
  ev.addPropertyWithValue('status', cancelled ? 'CANCELLED' : 'CONFIRMED');
  ev.addPropertyWithValue('summary', m.summary);
  if (m.description) ev.addPropertyWithValue('description', m.description);
  for (const a of m.attendees) {
    const attendee = ev.addPropertyWithValue('attendee', `urn:x-staff-id:${encodeURIComponent(a.staffId)}`);
    attendee.setParameter('cn', a.name);
    attendee.setParameter('role', 'REQ-PARTICIPANT');
    attendee.setParameter('x-mdt-role', a.role);
  }
  cal.addSubcomponent(ev);
  // Every content line ends with CRLF, the last one too (ical.js leaves the last one open).
  return `${cal.toString()}\r\n`;
}
