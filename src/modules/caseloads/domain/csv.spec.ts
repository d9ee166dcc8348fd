import { readCsv } from './csv';
import { checkRow } from './import-rows';

describe('readCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and multi-line fields with their line numbers', () => {
    const text = 'nhs_number,score,note\r\n9990000018,0.5,"a, b"\r\n\r\n9990000026,0.7,"say ""hi""\nthere"\n9990000034,1,x';
    expect([...readCsv(text)]).toEqual([
      { line: 1, fields: ['nhs_number', 'score', 'note'] },
      { line: 2, fields: ['9990000018', '0.5', 'a, b'] },
      { line: 4, fields: ['9990000026', '0.7', 'say "hi"\nthere'] },
      { line: 6, fields: ['9990000034', '1', 'x'] },
    ]);
  });

  it('reports a malformed record without losing the next ones', () => {
    const rows = [...readCsv('a,b\n"x"y,1\n2,3\n')];
    expect(rows[1]).toMatchObject({ line: 2, error: 'text after a closing quote' });
    expect(rows[2]).toEqual({ line: 3, fields: ['2', '3'] });
    expect([...readCsv('a\n"open')][1]).toMatchObject({ error: 'unterminated quoted field' });
  });
});

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
