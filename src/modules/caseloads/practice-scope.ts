import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { PracticeNotFound } from './caseload-errors';
import { mayWorkPractice } from './domain/practice-access';

/** The practice exists and the caller may work its whole population (domain/practice-access.ts). */
export async function assertPracticeScope(em: EntityManager, ctx: RequestContext, practiceOds: string): Promise<void> {
  const [org]: { type: string }[] = await em.query('SELECT type FROM organisations WHERE ods_code = $1', [practiceOds]);
  if (org?.type !== 'gp_practice') throw new PracticeNotFound();
  const aligned: { team_code: string }[] = await em.query('SELECT team_code FROM team_practices WHERE practice_ods = $1', [practiceOds]);
  if (!mayWorkPractice(ctx.principal, practiceOds, aligned.map((r) => r.team_code))) {
    throw new Forbidden("Only the practice's own staff and teams aligned to it may work its population");
  }
}
