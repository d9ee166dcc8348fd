import { HOSPITAL, admit, createAdmissionWorld, daysAgo, dischargeCoordinator } from '../admissions/support';
import type { TestApp } from '../support/app';
import { bearer, createPatient, createReferral, navigator, referralBody, triageReferral } from '../support/factories';

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

  return {
    ...world,
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
