import { Hl7Message } from '@medplum/core';
import { ackFor } from './ack';
import { AdtProblem, admissionMethod, dischargeDestination, parseHl7Time, readAdt } from './adt';

const msg = (pid = 'PID|1||H1^^^RVV^MR~9990000018^^^NHS^NH||LOVELACE^ADA||19401210|F|||1 Harbour St^^Dover^^CT16 1AA', extra = '') =>
  Hl7Message.parse(
    [
      'MSH|^~\\&|PAS|RVV01|SPOA|ZKCHT|20261120143000+0000||ADT^A01^ADT_A01|CTRL-1|P|2.4',
      'EVN|A01|20261120143000+0000',
      pid,
      `PV1|1|I|W12^^3^RVV|21${'|'.repeat(40)}20261120140000+0000`,
      extra,
    ]
      .filter(Boolean)
      .join('\r'),
  );

describe('reading ADT', () => {
  it('takes the NHS number from the PID-3 repetition assigned by NHS, whatever its position', () => {
    const ev = readAdt(msg());
    expect(ev).toMatchObject({
      event: 'A01',
      header: { facility: 'RVV01', controlId: 'CTRL-1' },
      patient: { nhsNumber: '9990000018', familyName: 'LOVELACE', givenName: 'ADA', dateOfBirth: '1940-12-10', sex: 'female' },
      ward: 'W12 bed 3',
      method: 'emergency',
      patientClass: 'I',
    });
    expect(ev.admittedAt?.toISOString()).toBe('2026-11-20T14:00:00.000Z');
  });

  it('refuses a PID-3 without an NHS-assigned identifier, and an invalid NHS number, naming the field', () => {
    expect(() => readAdt(msg('PID|1||H1^^^RVV^MR||X^Y||19401210|F'))).toThrow(expect.objectContaining({ code: 'HL7_NO_NHS_NUMBER', location: 'PID-3' }));
    expect(() => readAdt(msg('PID|1||9990000019^^^NHS^NH||X^Y||19401210|F'))).toThrow(expect.objectContaining({ code: 'HL7_INVALID_NHS_NUMBER' }));
  });

  it('reads times with their offset, and times without one as England local time (BST in summer, GMT in winter)', () => {
    expect(parseHl7Time('20260701103000+0200', 'EVN-2').toISOString()).toBe('2026-07-01T08:30:00.000Z');
    expect(parseHl7Time('202607011030', 'EVN-2').toISOString()).toBe('2026-07-01T09:30:00.000Z');
    expect(parseHl7Time('202601151030', 'EVN-2').toISOString()).toBe('2026-01-15T10:30:00.000Z');
    expect(() => parseHl7Time('2026-07-01', 'EVN-2')).toThrow(AdtProblem);
    expect(() => parseHl7Time('20261345', 'EVN-2')).toThrow(AdtProblem);
  });

  it('maps admission types and discharge dispositions', () => {
    expect(['E', 'A', 'U', '21', '28', '2D'].map((c) => admissionMethod(c, 'I'))).toEqual(Array(6).fill('emergency'));
    expect(['C', 'R', '11', '13'].map((c) => admissionMethod(c, 'I'))).toEqual(Array(4).fill('elective'));
    expect(admissionMethod('', 'E')).toBe('emergency');
    expect(admissionMethod('ZZ', 'I')).toBeNull();
    expect(['19', '51', '54', '79', 'step_down_bed', '', '98'].map(dischargeDestination)).toEqual([
      'usual_residence',
      'other_hospital',
      'care_home_new',
      'died',
      'step_down_bed',
      'other',
      'other',
    ]);
  });

  it('refuses unsupported events (AR) and reports missing segments (AE)', () => {
    const a05 = Hl7Message.parse(msg().toString().replace('ADT^A01^ADT_A01', 'ADT^A05^ADT_A05'));
    expect(() => readAdt(a05)).toThrow(expect.objectContaining({ code: 'HL7_UNSUPPORTED_EVENT', refuse: true }));
    const noPv1 = Hl7Message.parse(msg().toString().split('\r').filter((s) => !s.startsWith('PV1')).join('\r'));
    expect(() => readAdt(noPv1)).toThrow(expect.objectContaining({ code: 'HL7_MISSING_SEGMENT', location: 'PV1', refuse: false }));
  });

  it('builds ACKs: AA without ERR; AE with ERR location, HL7 code, our code and reason, never a value', () => {
    const m = msg();
    const aa = ackFor(m, 'AA');
    expect(aa.getSegment('MSA')?.toString()).toMatch(/^MSA\|AA\|CTRL-1/);
    expect(aa.getSegment('ERR')).toBeUndefined();
    const ae = ackFor(m, 'AE', { code: 'HL7_INVALID_FIELD', location: 'PV1-44', message: 'PV1-44 is not an HL7 date/time' });
    expect(ae.getSegment('MSA')?.getField(1).toString()).toBe('AE');
    expect(ae.getSegment('ERR')?.toString()).toBe('ERR||PV1^1^44|102^Data type error^HL70357|E|HL7_INVALID_FIELD|||PV1-44 is not an HL7 date/time');
    expect(ae.toString()).not.toContain('9990000018');
  });
});
