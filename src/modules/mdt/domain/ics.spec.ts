import { buildIcs, escapeText, foldLine, icsDate } from './ics';
import { parseIcs, prop, unescapeText } from './ics-parse';

const meeting = {
  id: '6b0f3a4e-1111-4222-8333-944455556666',
  start: new Date('2026-04-07T12:00:00Z'),
  end: new Date('2026-04-07T13:30:00Z'),
  status: 'scheduled' as const,
  summary: 'MDT: Deal Surgery; NCT-A, monthly',
  description: `Agenda: 6 patients\nBring notes; ${'long text '.repeat(20)}`,
  sequence: 2,
  attendees: [
    { staffId: 'gp-1', name: 'Dr Ann Example', role: 'gp' },
    { staffId: 'sw-1', name: 'Sam, Social Worker', role: 'social_care' },
  ],
};

describe('iCalendar', () => {
  it('formats UTC date-times', () => {
    expect(icsDate(new Date('2026-04-07T12:00:00.000Z'))).toBe('20260407T120000Z');
  });

  it('escapes text and folds at 75 octets without splitting characters', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(100)}`);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`DESCRIPTION:${'é'.repeat(100)}`);
  });

  it('writes a calendar a strict reader accepts, with the required properties', () => {
    const text = buildIcs(meeting, new Date('2026-03-01T09:00:00Z'));
    expect(text.split('\r\n').length).toBeGreaterThan(10);
    const cal = parseIcs(text);
    expect(cal.type).toBe('VCALENDAR');
    expect(prop(cal, 'VERSION')?.value).toBe('2.0');
    expect(prop(cal, 'PRODID')?.value).toBeTruthy();
    expect(cal.components).toHaveLength(1);
    const ev = cal.components[0];
    expect(ev.type).toBe('VEVENT');
    expect(prop(ev, 'UID')?.value).toBe(`mdt-${meeting.id}@care-coordination.example.nhs.uk`);
    expect(prop(ev, 'DTSTAMP')?.value).toBe('20260301T090000Z');
    expect(prop(ev, 'DTSTART')?.value).toBe('20260407T120000Z');
    expect(prop(ev, 'DTEND')?.value).toBe('20260407T133000Z');
    expect(prop(ev, 'SEQUENCE')?.value).toBe('2');
    expect(prop(ev, 'STATUS')?.value).toBe('CONFIRMED');
    expect(unescapeText(prop(ev, 'SUMMARY')?.value ?? '')).toBe(meeting.summary);
    expect(unescapeText(prop(ev, 'DESCRIPTION')?.value ?? '')).toBe(meeting.description);
    const attendees = ev.properties.filter((p) => p.name === 'ATTENDEE');
    expect(attendees.map((a) => a.params.CN)).toEqual(['Dr Ann Example', 'Sam, Social Worker']);
    expect(attendees[0].value).toBe('urn:x-staff-id:gp-1');
  });

  it('a cancelled meeting is METHOD:CANCEL / STATUS:CANCELLED', () => {
    const cal = parseIcs(buildIcs({ ...meeting, status: 'cancelled' }, new Date()));
    expect(prop(cal, 'METHOD')?.value).toBe('CANCEL');
    expect(prop(cal.components[0], 'STATUS')?.value).toBe('CANCELLED');
  });

  it('the reader rejects what clients would choke on', () => {
    expect(() => parseIcs('BEGIN:VCALENDAR\nEND:VCALENDAR\n')).toThrow();
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n')).toThrow();
  });
});
