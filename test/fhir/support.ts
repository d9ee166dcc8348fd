import { HOSPITAL, admit, createAdmissionWorld, daysAgo, dischargeCoordinator } from '../admissions/support';
import type { TestApp } from '../support/app';
import { bearer, createPatient, createReferral, createTeam, navigator, referralBody, triageReferral } from '../support/factories';

/**
 * One patient of practice P00001 with something of every kind: a referral routed to NCT-A (and a
 * second, untriaged one), a care plan with goals and a crisis plan, a consent decision, and an
 * admission discharged home (alerts to the involved teams, a follow-up task for NCT-A).
 */
export async function fhirWorld(t: TestApp) {
  const world = await createAdmissionWorld(t);
  const nav = await navigator(t);
  const gpA = await bearer(t, { sub: 'gp-a', name: 'Dr Gwen Practice', roles: ['gp'], teams: ['NCT-A'], org: 'P00001' });
  const nurseA = await bearer(t, { sub: 'nurse-a', name: 'Nia Nurse', roles: ['clinician'], teams: ['NCT-A'], org: 'TRUST1' });
  const idt = await dischargeCoordinator(t);
  const nhs = await createPatient(t, { nhsNumberVerified: true, phone: '01304 123456' });

  const referral = await createReferral(t, referralBody({ nhsNumber: nhs, urgency: 'urgent' }));
  const triaged = await triageReferral(t, referral.id, { decision: 'accept', destinations: [{ service: 'neighbourhood_care_team', teamCode: 'NCT-A' }], notes: 'NCT to assess' });
  const second = await createReferral(t, referralBody({ nhsNumber: nhs, urgency: 'crisis', reason: 'Carer unwell tonight' }));

  await t
    .http()
    .put(`/api/v1/patients/${nhs}/care-plan`)
    .set('Authorization', gpA)
    .send({
      whatMattersToMe: 'Staying in my own home',
      goals: 'Walk to the shop twice a week\nSleep downstairs safely',
      crisisPlan: 'Call rapid response before 999',
      anticipatoryMedications: 'Just-in-case medicines in the kitchen drawer',
      contacts: [{ name: 'Rapid response', role: 'Community team', phone: '01304 000 000', available24x7: true }],
      resuscitation: { status: 'not_discussed' },
      reviewDueAt: '2099-03-01T09:00:00Z',
    })
    .expect(201);
  await t
    .http()
    .put(`/api/v1/patients/${nhs}/consent`)
    .set('Authorization', gpA)
    .send({ decision: 'granted', scope: 'care_plan_sharing', recordedBy: 'Dr Gwen Practice', recordedAt: '2026-01-10T11:00:00+00:00', notes: 'Asked at home visit' })
    .expect(201);

  const admitted = await admit(t, { nhsNumber: nhs, ward: 'Ward 7', admittedAt: daysAgo(3).toISOString() }, idt);
  expect(admitted.status).toBe(201);
  const admissionId: string = admitted.body.id;
  await t
    .http()
    .post(`/api/v1/admissions/${admissionId}/discharge`)
    .set('Authorization', idt)
    .send({ at: daysAgo(1).toISOString(), destination: 'usual_residence' })
    .expect(200);

  const cc = await bearer(t, { sub: 'cc-1', name: 'Casey Coordinator', roles: ['care_coordinator'], teams: ['NCT-A'], org: 'TRUST1' });
  const episode = await t
    .http()
    .post('/api/v1/proactive-care/episodes')
    .set('Authorization', cc)
    .send({ nhsNumber: nhs, careCoordinator: { staffId: 'cc-1', name: 'Casey Coordinator', teamCode: 'NCT-A' }, accountableGp: 'Dr A Patel' })
    .expect(201);
  await t.http().post(`/api/v1/proactive-care/episodes/${episode.body.id}/transition`).set('Authorization', cc).send({ to: 'invited' }).expect(200);

  await createTeam(t, { code: 'BEDS-DD', type: 'intermediate_care', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
  const bm = await bearer(t, { sub: 'bm-1', roles: ['bed_manager'], teams: ['BEDS-DD'] });
  const unit = await t
    .http()
    .post('/api/v1/bed-units')
    .set('Authorization', bm)
    .send({ name: 'Deal Hospital Ward 2', organisationOds: 'TRUST1', setting: 'care_home', locality: 'Dover/Deal', teamCode: 'BEDS-DD' })
    .expect(201);
  const bed = await t.http().post(`/api/v1/bed-units/${unit.body.id}/beds`).set('Authorization', bm).send({ label: 'B01', capabilities: ['dementia'] }).expect(201);

  return {
    ...world,
    cc,
    bm,
    episodeId: episode.body.id as string,
    unitId: unit.body.id as string,
    bedId: bed.body.id as string,
    hospital: HOSPITAL,
    nhs,
    nav,
    gpA,
    nurseA,
    idt,
    referralId: referral.id as string,
    partId: triaged.destinations[0].id as string,
    secondReferralId: second.id as string,
    admissionId,
  };
}
