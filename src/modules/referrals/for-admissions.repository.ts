/**
 * What the admissions capability reads of referrals, written here by their owner: part of the
 * discharge board's statement (read for every inpatient on the board; a call per row would be N+1).
 */

/** A referral was made for the patient of the admission `a` since they were admitted. */
export const REFERRED_SINCE_ADMISSION = `EXISTS (SELECT 1 FROM referrals r WHERE r.patient_id = a.patient_id AND r.received_at >= a.admitted_at)`;
