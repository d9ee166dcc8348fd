import type { EntityManager } from 'typeorm';
import { ReferralsRepository } from './referrals.repository';

const referrals = new ReferralsRepository();

/**
 * The referral a referral id or a routed part's id belongs to, or null (ReferralsRepository.idFor).
 * Kept for FHIR's existing call: new callers inject ReferralsRepository (exported by ReferralsModule).
 */
export function referralIdFor(em: EntityManager, id: string): Promise<string | null> {
  return referrals.idFor(em, id);
}
