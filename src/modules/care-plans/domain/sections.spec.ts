import { PLAIN_TEXT, changedSections, normaliseSections } from './sections';

describe('care plan sections', () => {
  it('normalises blank text to null, line endings to \\n, and fills every section', () => {
    const s = normaliseSections({ goals: '  Stay at home\r\nwith my cat  ', needs: '   ', contacts: [{ name: ' Jo ', phone: '01304 000000' }] });
    expect(s.goals).toBe('Stay at home\nwith my cat');
    expect(s.needs).toBeNull();
    expect(s.whatMattersToMe).toBeNull();
    expect(s.contacts).toEqual([{ name: 'Jo', role: null, phone: '01304 000000', available24x7: false }]);
    expect(s.resuscitation).toBeNull();
  });

  it('lists the sections filled in by a first version and those changed by a later one', () => {
    const v1 = normaliseSections({ goals: 'A', resuscitation: { status: 'not_discussed' } });
    expect(changedSections(null, v1)).toEqual(['goals', 'resuscitation']);
    const v2 = normaliseSections({ goals: 'A', crisisPlan: 'Call RR', resuscitation: { status: 'dnacpr', by: 'Dr X' } });
    expect(changedSections(v1, v2)).toEqual(['crisisPlan', 'resuscitation']);
    expect(changedSections(v2, v2)).toEqual([]);
  });

  it('accepts text with newlines, tabs and angle brackets but no other control characters', () => {
    expect(PLAIN_TEXT.test('BP < 90\tcall <b>999</b>\n')).toBe(true);
    expect(PLAIN_TEXT.test('bad\u0000byte')).toBe(false);
    expect(PLAIN_TEXT.test('escape\u001b[31m')).toBe(false);
  });
});
