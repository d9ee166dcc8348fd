import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BadRequestException, ForbiddenException, HttpException, NotFoundException, PayloadTooLargeException, UnauthorizedException, UnsupportedMediaTypeException } from '@nestjs/common';
import { AdmissionInvalidTransition } from '../../modules/admissions/admission-errors';
import { CarePlanVersionNotFound } from '../../modules/care-plans/care-plan-errors';
import { EpisodeInvalidTransition } from '../../modules/caseloads/caseload-errors';
import { InvalidTransition as ReferralInvalidTransition, ReferralNotFound } from '../../modules/referrals/referral-errors';
import { TaskInvalidTransition } from '../../modules/tasks/task-errors';
import { ERROR_CATALOGUES, errorCatalogue } from './catalogue';
import { DomainError, type ErrorCatalogue, isErrorCatalogue } from './define-errors';
import { InvalidTransition, ValidationFailed } from './domain-error';
import { renderErrorsDoc } from './errors-doc';
import { toDomainError } from './problem.filter';

const src = join(__dirname, '..', '..');
const docFile = join(src, '..', 'docs', 'errors.md');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const entries = errorCatalogue();
const byCode = new Map(entries.map((e) => [e.code, e]));

describe('docs/errors.md', () => {
  it('is the text npm run docs:errors generates from the catalogues', () => {
    const doc = readFileSync(docFile, 'utf8');
    // On failure: run `npm run docs:errors` and commit docs/errors.md.
    expect(renderErrorsDoc(doc)).toBe(doc);
  });
});

describe('the error catalogues', () => {
  it('declare each code once, with a title and a description', () => {
    expect(entries.length).toBeGreaterThan(60);
    for (const e of entries) {
      expect(e.title.trim()).not.toBe('');
      expect(e.description.trim()).not.toBe('');
    }
  });

  it('make classes that carry the code, kind, title and default detail, under their own name', () => {
    const e = new ReferralNotFound();
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ name: 'ReferralNotFound', code: 'REFERRAL_NOT_FOUND', kind: 'not_found', title: 'Referral not found' });
    expect(e.detail).toBe('No referral with this id that you can see');
    expect(new ReferralNotFound('other').detail).toBe('other');
    expect(new CarePlanVersionNotFound(3)).toMatchObject({ code: 'CARE_PLAN_VERSION_NOT_FOUND', detail: 'The care plan has no version 3' });
    expect(new ValidationFailed('bad', [{ field: 'f', message: 'm' }])).toMatchObject({ detail: 'bad', errors: [{ field: 'f', message: 'm' }] });
  });

  it('share one INVALID_TRANSITION among referrals, tasks, caseloads and admissions', () => {
    expect(new Set([ReferralInvalidTransition, TaskInvalidTransition, EpisodeInvalidTransition, AdmissionInvalidTransition])).toEqual(new Set([InvalidTransition]));
    expect(new TaskInvalidTransition('A done task cannot be completed')).toMatchObject({ code: 'INVALID_TRANSITION', kind: 'conflict' });
  });

  it('are all listed in catalogue.ts (every catalogue exported by an errors file)', () => {
    const listed = new Set<ErrorCatalogue>(ERROR_CATALOGUES);
    const unlisted = sources(src)
      .filter((f) => /errors?\.ts$/.test(f))
      .flatMap((f) =>
        Object.entries(require(f) as Record<string, unknown>)
          .filter(([, v]) => isErrorCatalogue(v) && !listed.has(v))
          .map(([name]) => `${relative(src, f)}: ${name}`),
      );
    expect(unlisted).toEqual([]);
  });
});

describe('every code the service answers with is in a catalogue', () => {
  it('the codes the ProblemFilter gives framework, body-parser and database errors', () => {
    const thrown = [
      Object.assign(new Error('x'), { type: 'entity.too.large' }),
      Object.assign(new Error('x'), { type: 'entity.parse.failed' }),
      Object.assign(new Error('x'), { type: 'encoding.unsupported' }),
      Object.assign(new Error('x'), { type: 'charset.unsupported' }),
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      new Error('timeout exceeded when trying to connect'),
      new NotFoundException(),
      new UnauthorizedException(),
      new ForbiddenException(),
      new PayloadTooLargeException(),
      new UnsupportedMediaTypeException(),
      new BadRequestException('bad'),
      new HttpException('teapot', 418),
      new Error('anything else'),
    ];
    const codes = thrown.map((e) => toDomainError(e).code);
    expect(codes.filter((c) => !byCode.has(c))).toEqual([]);
    expect(new Set(codes).size).toBeGreaterThanOrEqual(9);
  });

  it('every error class is made from a catalogue (CATALOGUE.error), none sets its own code', () => {
    const problems: string[] = [];
    for (const file of sources(src)) {
      const text = readFileSync(file, 'utf8');
      // The one base class with a code of its own is the catalogue's CodedError (define-errors.ts).
      if (!file.endsWith('define-errors.ts')) {
        for (const m of text.matchAll(/class (\w+) extends DomainError\b/g)) problems.push(`${relative(src, file)}: ${m[1]} extends DomainError, not CATALOGUE.error('CODE')`);
      }
      // A class that sets its own code literal bypasses the catalogue.
      for (const m of text.matchAll(/\bcode(?::\s*\w+)?\s*=\s*'([A-Z][A-Z0-9_]{3,})'/g)) {
        if (!byCode.has(m[1])) problems.push(`${relative(src, file)}: ${m[1]} is in no catalogue`);
      }
    }
    expect(problems).toEqual([]);
  });
});
