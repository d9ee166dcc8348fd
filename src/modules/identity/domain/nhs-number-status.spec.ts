import { NHS_NUMBER_STATUS_CODES, statusFromInput, statusProblem } from './nhs-number-status';

describe('NHS number status', () => {
  it('has the eight indicator codes', () => {
    expect(NHS_NUMBER_STATUS_CODES).toEqual(['01', '02', '03', '04', '05', '06', '07', '08']);
  });

  it('maps the old boolean and defaults by whether there is a number', () => {
    expect(statusFromInput({ nhsNumberVerified: true }, true)).toBe('01');
    expect(statusFromInput({ nhsNumberVerified: false }, true)).toBe('02');
    expect(statusFromInput({}, true)).toBe('02');
    expect(statusFromInput({}, false)).toBe('03');
    expect(statusFromInput({ nhsNumberStatus: '05', nhsNumberVerified: true }, true)).toBe('05');
  });

  it('refuses a status that contradicts the record', () => {
    expect(statusProblem('03', true)).toMatch(/no NHS number/);
    expect(statusProblem('01', false)).toMatch(/needs an NHS number/);
    expect(statusProblem('01', true)).toBeNull();
    expect(statusProblem('04', false)).toBeNull();
  });
});
