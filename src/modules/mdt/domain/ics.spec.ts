import ICAL from 'ical.js';
import { buildIcs } from './ics';

const meeting = {
  id: '6b0f3a4e-1111-4222-8333-944455556666',
  start: new Date('2026-04-07T12:00:00Z'),
  end: new Date('2026-04-07T13:30:00Z'),
  status: 'scheduled' as const,
  summary: 'MDT: Deal Surgery; NCT-A, monthly',
  description: `Agenda: 6 patients\nBring notes; ${'long text '.repeat(20)}${'é'.repeat(60)}`,
  sequence: 2,
  attendees: [
    { staffId: 'gp-1', name: 'Dr Ann Example', role: 'gp' },
    { staffId: 'sw-1', name: 'Sam, "Social" Worker', role: 'social_care' },
  ],
};

/** The physical lines, after checking what strict clients need: CRLF only, the last line ended too, at most 75 octets each. */
function physicalLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(/(^|[^\r])\n/.test(text)).toBe(false);
  const lines = text.slice(0, -2).split('\r\n');
  for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  return lines;
}

describe('iCalendar', () => {
  it('writes a calendar a strict reader accepts, with the required properties', () => {
    const text = buildIcs(meeting, new Date('2026-03-01T09:00:00.123Z'));
    const lines = physicalLines(text);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true); // long lines were folded
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.name).toBe('vcalendar');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('prodid')).toBeTruthy();
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(cal.getAllSubcomponents()).toHaveLength(1);
    const ev = cal.getFirstSubcomponent('vevent') as ICAL.Component;
    expect(ev.getFirstPropertyValue('uid')).toBe(`mdt-${meeting.id}@care-coordination.example.nhs.uk`);
    // UTC date-times, to the second.
    expect(lines).toEqual(expect.arrayContaining(['DTSTAMP:20260301T090000Z', 'DTSTART:20260407T120000Z', 'DTEND:20260407T133000Z']));
    expect(ev.getFirstPropertyValue('sequence')).toBe(2);
    expect(ev.getFirstPropertyValue('status')).toBe('CONFIRMED');
    // TEXT values escaped and unfolded back to exactly what was written.
    expect(lines).toContain('SUMMARY:MDT: Deal Surgery\\; NCT-A\\, monthly');
    expect(ev.getFirstPropertyValue('summary')).toBe(meeting.summary);
    expect(ev.getFirstPropertyValue('description')).toBe(meeting.description);
    const attendees = ev.getAllProperties('attendee');
    expect(attendees.map((a) => a.getParameter('cn'))).toEqual(['Dr Ann Example', 'Sam, "Social" Worker']);
    expect(attendees.map((a) => a.getParameter('x-mdt-role'))).toEqual(['gp', 'social_care']);
    expect(attendees[0].getFirstValue()).toBe('urn:x-staff-id:gp-1');
  });

  it('a cancelled meeting is METHOD:CANCEL / STATUS:CANCELLED', () => {
    const cal = new ICAL.Component(ICAL.parse(buildIcs({ ...meeting, status: 'cancelled' }, new Date())));
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cal.getFirstSubcomponent('vevent')?.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('leaves out an empty description and writes a meeting without attendees', () => {
    const text = buildIcs({ ...meeting, description: undefined, attendees: [] }, new Date());
    physicalLines(text);
    const ev = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent') as ICAL.Component;
    expect(ev.hasProperty('description')).toBe(false);
    expect(ev.getAllProperties('attendee')).toEqual([]);
  });
});
