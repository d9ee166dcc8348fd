import { delayedDays } from './domain/admission-rules';
import type { AdmissionView } from './dto/admission.dto';

/** An admission as read by SELECT_ADMISSION, and its mapping to the API view. */
export interface AdmissionRow {
  id: string;
  patient_id: string;
  nhs_number: string;
  hospital_ods: string;
  ward: string | null;
  admitted_at: Date;
  method: string;
  reason: string | null;
  status: string;
  readmission: boolean;
  previous_admission_id: string | null;
  idt_team_code: string | null;
  known_to: { teamCode: string; relationship: string }[];
  alerts_raised: number;
  estimated_discharge_date: string | null;
  medically_optimised_at: Date | null;
  discharged_at: Date | null;
  destination: string | null;
  delayed_days: number | null;
  version: number;
  created_at: Date;
  delays: { reason: string; notes: string | null; at: string; by: string }[];
  bed_requests: { id: string; direction: string; status: string }[];
}

export const SELECT_ADMISSION = `SELECT a.id, a.patient_id, p.nhs_number, a.hospital_ods, a.ward, a.admitted_at, a.method, a.reason, a.status,
  a.readmission, a.previous_admission_id, a.idt_team_code, a.known_to, a.alerts_raised,
  to_char(a.estimated_discharge_date, 'YYYY-MM-DD') AS estimated_discharge_date, a.medically_optimised_at, a.discharged_at,
  a.destination, a.delayed_days, a.version, a.created_at,
  COALESCE((SELECT json_agg(json_build_object('reason', d.reason, 'notes', d.notes, 'at', d.recorded_at, 'by', d.recorded_by)
    ORDER BY d.recorded_at, d.id) FROM admission_delays d WHERE d.admission_id = a.id), '[]'::json) AS delays,
  COALESCE((SELECT json_agg(json_build_object('id', br.id, 'direction', br.direction, 'status', br.status)
    ORDER BY br.requested_at, br.id) FROM bed_requests br WHERE br.admission_id = a.id), '[]'::json) AS bed_requests
  FROM admissions a JOIN patients p ON p.id = a.patient_id`;

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
