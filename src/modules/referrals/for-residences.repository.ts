import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The read of referrals that residences (and beds) need: whose referral an id is, for a record that links to it. */
@Injectable()
export class ReferralsForResidencesRepository {
  /** The patient the referral belongs to, or null when there is no such referral. */
  async patientOf(em: EntityManager, referralId: string): Promise<string | null> {
    const [row]: { patient_id: string }[] = await em.query('SELECT patient_id FROM referrals WHERE id = $1', [referralId]);
    return row?.patient_id ?? null;
  }
}
