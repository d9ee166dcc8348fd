import { RejectionList, type RowRejection, checkRow, csvRecord, headerProblem, recordStartLine, stagedLine, storedRejectionMessage } from './import-rows';

describe('checkRow', () => {
  it('accepts a row, normalising the NHS number and keeping factors', () => {
    expect(checkRow(1, { nhsNumber: '999 000 0018', score: 0.4, eFI: 0.2 })).toEqual({ row: 1, nhsNumber: '9990000018', score: 0.4, factors: { eFI: 0.2 } });
    expect(checkRow(2, { nhs_number: '9990000018', score: '12', lives_alone: 'true', empty: '' }, true)).toEqual({
      row: 2,
      nhsNumber: '9990000018',
      score: 12,
      factors: { lives_alone: 'true' },
    });
  });

  it('rejects with a code and message', () => {
    expect(checkRow(3, { nhsNumber: '9990000019', score: 1 })).toMatchObject({ code: 'NHS_NUMBER_INVALID', nhsNumber: '9990000019' });
    expect(checkRow(4, { nhsNumber: '9990000018', score: -1 })).toMatchObject({ code: 'SCORE_INVALID' });
    expect(checkRow(5, { nhsNumber: '9990000018', score: 'high' })).toMatchObject({ code: 'SCORE_INVALID' });
    expect(checkRow(6, { nhsNumber: '9990000018', score: 1, nested: { a: 1 } })).toMatchObject({ code: 'FACTORS_INVALID' });
    expect(checkRow(7, 'nope')).toMatchObject({ code: 'ROW_MALFORMED' });
    expect(checkRow(8, { score: 1 })).toMatchObject({ code: 'NHS_NUMBER_INVALID', nhsNumber: null });
  });
});

describe('CSV header and records', () => {
  it('needs the NHS number and score columns, each name once', () => {
    expect(headerProblem(['nhs_number', 'score', 'efi'])).toBeNull();
    expect(headerProblem(['NHSNumber', 'score'])).toBeNull();
    expect(headerProblem(['nhs_number', 'risk'])).toMatch(/score/);
    expect(headerProblem(['nhs_number', 'score', 'efi', 'efi'])).toMatch(/distinct/);
    expect(headerProblem(['nhs_number', 'score', ''])).toMatch(/present/);
  });

  it('keys a record by the header, or rejects a record whose field count differs', () => {
    expect(csvRecord(['nhs_number', 'score'], 2, ['9990000018', '1'])).toEqual({ row: 2, input: { nhs_number: '9990000018', score: '1' } });
    expect(csvRecord(['nhs_number', 'score', 'efi'], 3, ['9990000018', '1'])).toEqual({
      row: 3,
      nhsNumber: '9990000018',
      code: 'ROW_MALFORMED',
      message: 'has 2 fields, the header 3',
    });
    expect(csvRecord(['score', 'nhs_number'], 4, [''])).toMatchObject({ nhsNumber: null, code: 'ROW_MALFORMED' });
  });

  it('numbers a record by the line it starts on, counting line breaks inside quoted fields', () => {
    expect(recordStartLine(7, ['9990000018', '1', 'say "hi"\nthere\nagain'])).toBe(5);
    expect(recordStartLine(3, ['9990000018', '1'])).toBe(3);
  });
});

describe('stagedLine (COPY text format)', () => {
  it('writes row, number, score and factors tab-separated, null as \\N', () => {
    expect(stagedLine({ row: 2, nhsNumber: '9990000018', score: 0.25, factors: null })).toBe('2\t9990000018\t0.25\t\\N\n');
  });

  it('doubles backslashes, and JSON leaves no raw tab or line break to escape', () => {
    const line = stagedLine({ row: 3, nhsNumber: '9990000018', score: 1, factors: { note: 'a\tb\nc\\d "q"' } });
    expect(line).toBe('3\t9990000018\t1\t{"note":"a\\\\tb\\\\nc\\\\\\\\d \\\\"q\\\\""}\n');
    expect(line.slice(0, -1).split('\t')).toHaveLength(4);
    // what COPY reads back: each doubled backslash becomes one, giving the JSON text again
    expect(JSON.parse(line.split('\t')[3].trimEnd().replaceAll('\\\\', '\\'))).toEqual({ note: 'a\tb\nc\\d "q"' });
  });
});

describe('RejectionList', () => {
  const r = (row: number): RowRejection => ({ row, nhsNumber: null, code: 'ROW_MALFORMED', message: 'x' });

  it('lists the first rows up to the limit and counts them all', () => {
    const list = new RejectionList(3);
    for (const row of [2, 5, 9, 12, 15]) list.add(r(row));
    expect(list.listed.map((x) => x.row)).toEqual([2, 5, 9]);
    expect(list.count).toBe(5);
  });

  it('merges rows found later (the database) in row order, keeping the first by row', () => {
    const list = new RejectionList(3);
    for (const row of [4, 8, 20, 30]) list.add(r(row));
    list.merge([r(1), r(6), r(7)], 10);
    expect(list.listed.map((x) => x.row)).toEqual([1, 4, 6]);
    expect(list.count).toBe(14);
  });

  it('keeps the first by row when the later source has the earlier rows', () => {
    const list = new RejectionList(3);
    for (const row of [50, 60]) list.add(r(row));
    list.merge([r(3), r(4), r(5)], 3);
    expect(list.listed.map((x) => x.row)).toEqual([3, 4, 5]);
    expect(list.count).toBe(5);
  });

  it('names the practice in the message of a patient not registered there', () => {
    expect(storedRejectionMessage('PATIENT_NOT_AT_PRACTICE', 'P00001')).toMatch(/P00001/);
    expect(storedRejectionMessage('DUPLICATE_ROW', 'P00001')).toMatch(/earlier/);
  });
});
