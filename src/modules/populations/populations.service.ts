import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { POPULATION_COLUMNS, PopulationRow, RowProblem, bandKey, isProblem, parsePopulationRecord } from './domain/population-rows';
import { PopulationEstimatesRepository, PopulationSummary } from './population-estimates.repository';

export interface PopulationImportResult {
  accepted: number;
  rejected: RowProblem[];
  years: number[];
}

/**
 * Population estimates as reference data: CSV parsed with csv-parse (quoting, BOM and line ends
 * handled by a maintained parser), each row checked, the good rows upserted in one transaction.
 */
@Injectable()
export class PopulationsService {
  constructor(
    private readonly db: DataSource,
    private readonly estimates: PopulationEstimatesRepository,
  ) {}

  async importCsv(ctx: RequestContext, text: string): Promise<PopulationImportResult> {
    let records: Record<string, string>[];
    try {
      records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true });
    } catch (e) {
      throw new ValidationFailed('The CSV cannot be read', [{ field: 'body', message: (e as { code?: string }).code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? 'rows have different numbers of columns' : 'is not valid CSV' }]);
    }
    const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].toLowerCase();
    const missing = POPULATION_COLUMNS.filter((c) => !header.split(',').map((h) => h.trim()).includes(c));
    if (missing.length) throw new ValidationFailed('The CSV header is missing columns', [{ field: 'body', message: `needs the columns ${POPULATION_COLUMNS.join(', ')}; missing ${missing.join(', ')}` }]);
    if (records.length === 0) throw new ValidationFailed('The CSV has no rows', [{ field: 'body', message: 'has a header but no rows' }]);
    const good: PopulationRow[] = [];
    const rejected: RowProblem[] = [];
    const seen = new Set<string>();
    for (const [i, rec] of records.entries()) {
      const r = parsePopulationRecord(rec, i + 1);
      if (isProblem(r)) rejected.push(r);
      else if (seen.has(bandKey(r))) rejected.push({ row: i + 1, message: 'repeats a band already given in this file' });
      else {
        seen.add(bandKey(r));
        good.push(r);
      }
    }
    await this.db.transaction((em) => this.estimates.upsert(em, good, ctx.principal.sub));
    return { accepted: good.length, rejected, years: [...new Set(good.map((r) => r.year))].sort() };
  }

  async summary(): Promise<{ items: PopulationSummary[] }> {
    return { items: await this.estimates.summary(this.db.manager) };
  }
}
