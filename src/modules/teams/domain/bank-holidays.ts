import data from '../data/bank-holidays-england-and-wales.json';

/**
 * Bank holidays in England and Wales, from `src/modules/teams/data/bank-holidays-england-and-wales.json`
 * (the shape of GOV.UK's https://www.gov.uk/bank-holidays.json, `england-and-wales` division only).
 * To update: replace the events with the newer GOV.UK list (or add a year) and rebuild; no code changes.
 */
export interface BankHolidayFile {
  'england-and-wales': { division: string; events: { title: string; date: string; notes: string; bunting: boolean }[] };
}

/** The local dates (YYYY-MM-DD) of the file's bank holidays; throws on a malformed file. */
export function bankHolidayDates(file: BankHolidayFile): ReadonlySet<string> {
  const events = file?.['england-and-wales']?.events;
  if (!Array.isArray(events)) throw new Error('bank holidays: no england-and-wales events');
  const dates = new Set<string>();
  for (const e of events) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date) || Number.isNaN(Date.parse(`${e.date}T00:00:00Z`))) throw new Error(`bank holidays: bad date ${e.date}`);
    dates.add(e.date);
  }
  return dates;
}

export const BANK_HOLIDAYS_ENGLAND_AND_WALES: ReadonlySet<string> = bankHolidayDates(data as BankHolidayFile);

/** The years the file covers (routing beyond them treats every day as an ordinary day). */
export const BANK_HOLIDAY_YEARS: readonly number[] = [...new Set([...BANK_HOLIDAYS_ENGLAND_AND_WALES].map((d) => Number(d.slice(0, 4))))].sort();
