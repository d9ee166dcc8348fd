import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { PracticeNotFound } from './caseload-errors';
import { mayImportForPractice, mayReadPractice } from './domain/practice-access';

/** The practice exists and the caller may read (or import for) its whole population (domain/practice-access.ts). */
export async function assertPracticeScope(em: EntityManager, ctx: RequestContext, practiceOds: string, purpose: 'read' | 'import' = 'read'): Promise<void> {
  const [org]: { type: string }[] = await em.query('SELECT type FROM organisations WHERE ods_code = $1', [practiceOds]);
  if (org?.type !== 'gp_practice') throw new PracticeNotFound();
  const aligned = ((await em.query('SELECT team_code FROM team_practices WHERE practice_ods = $1', [practiceOds])) as { team_code: string }[]).map((r) => r.team_code);
  const allowed = purpose === 'import' ? mayImportForPractice(ctx.principal, practiceOds, aligned) : mayReadPractice(ctx.principal, aligned);
  if (!allowed) throw new Forbidden("Only teams aligned to the practice (and, for imports, the practice itself) may work its population");
}
