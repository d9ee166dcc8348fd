import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The reference data identity work is routed by: the team that handles identity tasks, known practices. */
@Injectable()
export class IdentityRepository {
  /** The single point of access team (the first by code) that takes trace and merge tasks, if there is one. */
  async identityTeam(em: EntityManager): Promise<string | null> {
    const [t]: { code: string }[] = await em.query(`SELECT code FROM teams WHERE type = 'single_point_of_access' ORDER BY code LIMIT 1`);
    return t?.code ?? null;
  }

  /** The ODS code when it is a GP practice we know, else null. */
  async knownPractice(em: EntityManager, odsCode: string): Promise<string | null> {
    const [practice]: { ods_code: string }[] = await em.query(`SELECT ods_code FROM organisations WHERE ods_code = $1 AND type = 'gp_practice'`, [odsCode]);
    return practice?.ods_code ?? null;
  }
}
