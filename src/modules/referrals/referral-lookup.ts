import type { EntityManager } from 'typeorm';

/**
 * The referral a referral id or a routed part's id belongs to (FHIR serves both as ServiceRequests),
 * or null. Only an id lookup: reading the referral still goes through ReferralsService.get (gate, audit).
 */
export async function referralIdFor(em: EntityManager, id: string): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const rows: { id: string }[] = await em.query(
    'SELECT id FROM referrals WHERE id = $1 UNION ALL SELECT referral_id AS id FROM referral_destinations WHERE id = $1 LIMIT 1',
    [id],
  );
  return rows[0]?.id ?? null;
}
