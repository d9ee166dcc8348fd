import type { AdmissionRow } from './admissions.repository';
import { delayedDays } from './domain/admission-rules';
import type { AdmissionView } from './dto/admission.dto';

/** An admission row as the API shows it (delayed days so far while the patient is still in). */
export function toView(r: AdmissionRow, now: Date): AdmissionView {
  return {
    id: r.id,
    nhsNumber: r.nhs_number,
    hospitalOds: r.hospital_ods,
    ward: r.ward,
    admittedAt: r.admitted_at.toISOString(),
    method: r.method,
    reason: r.reason,
    status: r.status,
    readmission: r.readmission,
    previousAdmissionId: r.previous_admission_id,
    idtTeamCode: r.idt_team_code,
    knownTo: r.known_to,
    alertsRaised: r.alerts_raised,
    estimatedDischargeDate: r.estimated_discharge_date,
    medicallyOptimisedAt: r.medically_optimised_at?.toISOString() ?? null,
    delays: r.delays.map((d) => ({ ...d, at: new Date(d.at).toISOString() })),
    delayedDays: r.delayed_days ?? delayedDays(r.medically_optimised_at, now),
    dischargedAt: r.discharged_at?.toISOString() ?? null,
    destination: r.destination,
    bedRequests: r.bed_requests,
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}
