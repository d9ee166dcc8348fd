import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { PracticeNotFound } from './caseload-errors';
import { CaseloadsRepository } from './caseloads.repository';
import { mayImportForPractice, mayReadPractice } from './domain/practice-access';

/** The practice exists and the caller may read (or import for) its whole population (domain/practice-access.ts). */
@Injectable()
export class PracticeScope {
  constructor(private readonly caseloads: CaseloadsRepository) {}

  async assert(em: EntityManager, ctx: RequestContext, practiceOds: string, purpose: 'read' | 'import' = 'read'): Promise<void> {
    const practice = await this.caseloads.practice(em, practiceOds);
    if (practice?.type !== 'gp_practice') throw new PracticeNotFound();
    const aligned = practice.alignedTeams;
    const allowed = purpose === 'import' ? mayImportForPractice(ctx.principal, practiceOds, aligned) : mayReadPractice(ctx.principal, aligned);
    if (!allowed) throw new Forbidden("Only teams aligned to the practice (and, for imports, the practice itself) may work its population");
  }
}
