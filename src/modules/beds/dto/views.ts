import type { AllocationReason } from '../domain/allocation-policy';
import { bedStatus } from '../domain/bed-lifecycle';
import type {
  AllocationTrigger,
  BedState,
  BedStatus,
  Capability,
  CloseCause,
  DecisionEvent,
  Direction,
  DischargeDestination,
  MixBasis,
  MixStatus,
  Priority,
  Purpose,
  RequestSource,
  RequestStatus,
  Setting,
  StayStatus,
} from '../domain/types';

/** Response shapes and mappers from database rows. Controllers never return entities. */

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export interface BedCounts {
  total: number;
  available: number;
  reserved: number;
  occupied: number;
  cleaning: number;
  closed: number;
}

export interface BedUnitRow {
  id: string;
  name: string;
  organisation_ods: string;
  team_code: string;
  setting: Setting;
  locality: string;
  step_down_target: number;
  window_days: number;
  allowed_purposes: Purpose[] | null;
  mix_status: MixStatus;
  mix_basis: MixBasis | null;
  created_at: Date;
  updated_at: Date;
}

export function toBedUnitView(u: BedUnitRow, beds: BedCounts) {
  return {
    id: u.id,
    name: u.name,
    organisationOds: u.organisation_ods,
    teamCode: u.team_code,
    setting: u.setting,
    locality: u.locality,
    stepDownTarget: u.step_down_target,
    windowDays: u.window_days,
    allowedPurposes: u.allowed_purposes,
    mixStatus: u.mix_status,
    /** null: the service default (BEDS_MIX_BASIS). */
    mixBasis: u.mix_basis,
    beds,
    createdAt: iso(u.created_at),
    updatedAt: iso(u.updated_at),
  };
}
export type BedUnitView = ReturnType<typeof toBedUnitView>;

export interface BedRow {
  id: string;
  unit_id: string;
  unit_name: string;
  locality: string;
  team_code: string;
  label: string;
  capabilities: Capability[];
  state: BedState;
  closed_reason: string | null;
  version: number;
  updated_at: Date;
  stay_id: string | null;
  stay_status: 'offered' | 'occupied' | null;
  request_id: string | null;
  direction: Direction | null;
  offered_at: Date | null;
  admitted_at: Date | null;
  patient_id: string | null;
  nhs_number: string | null;
}

export function bedEtag(version: number): string {
  return `"${version}"`;
}

/** `nhsNumber` only when the caller may see the patient (the access gate decides). */
export function toBedView(b: BedRow, patientVisible: boolean) {
  const status: BedStatus = bedStatus(b.state, b.stay_status);
  return {
    id: b.id,
    unitId: b.unit_id,
    unitName: b.unit_name,
    locality: b.locality,
    label: b.label,
    status,
    capabilities: b.capabilities,
    closedReason: b.closed_reason,
    etag: bedEtag(b.version),
    stay: b.stay_id
      ? {
          id: b.stay_id,
          status: b.stay_status,
          requestId: b.request_id,
          direction: b.direction,
          nhsNumber: patientVisible ? b.nhs_number : null,
          offeredAt: iso(b.offered_at),
          admittedAt: iso(b.admitted_at),
        }
      : null,
    updatedAt: iso(b.updated_at),
  };
}
export type BedBoardItem = ReturnType<typeof toBedView>;

export interface RequestRow {
  id: string;
  patient_id: string;
  nhs_number: string | null;
  direction: Direction;
  referral_id: string | null;
  admission_id: string | null;
  needs: Capability[];
  purpose: Purpose | null;
  priority: Priority;
  earliest_at: Date | null;
  preferred_locality: string | null;
  unit_id: string | null;
  excluded_unit_ids: string[];
  status: RequestStatus;
  requested_at: Date;
  requested_by_sub: string;
  requested_by_team: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  close_cause: CloseCause | null;
  source: RequestSource;
  updated_at: Date;
  stay_id: string | null;
  stay_status: StayStatus | null;
  stay_bed_id: string | null;
  stay_bed_label: string | null;
  stay_unit_id: string | null;
  stay_unit_name: string | null;
  stay_team_code: string | null;
  stay_offered_at: Date | null;
  stay_admitted_at: Date | null;
  stay_discharged_at: Date | null;
}

export function toBedRequestView(r: RequestRow, patientVisible: boolean) {
  return {
    id: r.id,
    nhsNumber: patientVisible ? r.nhs_number : null,
    direction: r.direction,
    referralId: r.referral_id,
    admissionId: r.admission_id,
    needs: r.needs,
    purpose: r.purpose,
    priority: r.priority,
    earliestAt: iso(r.earliest_at),
    preferredLocality: r.preferred_locality,
    unitId: r.unit_id,
    excludedUnitIds: r.excluded_unit_ids,
    status: r.status,
    requestedAt: iso(r.requested_at),
    requestedBy: { sub: r.requested_by_sub, teamCode: r.requested_by_team },
    cancelledAt: iso(r.cancelled_at),
    cancelReason: r.cancel_reason,
    closeCause: r.close_cause,
    source: r.source,
    stay: r.stay_id
      ? {
          id: r.stay_id,
          bedId: r.stay_bed_id,
          bedLabel: r.stay_bed_label,
          unitId: r.stay_unit_id,
          unitName: r.stay_unit_name,
          status: r.stay_status,
          offeredAt: iso(r.stay_offered_at),
          admittedAt: iso(r.stay_admitted_at),
          dischargedAt: iso(r.stay_discharged_at),
        }
      : null,
    updatedAt: iso(r.updated_at),
  };
}
export type BedRequestItem = ReturnType<typeof toBedRequestView>;

export interface StayRow {
  id: string;
  request_id: string;
  bed_id: string;
  bed_label: string;
  bed_state: BedState;
  unit_id: string;
  unit_name: string;
  team_code: string;
  patient_id: string;
  nhs_number: string | null;
  direction: Direction;
  status: StayStatus;
  offered_at: Date;
  admitted_at: Date | null;
  discharged_at: Date | null;
  discharge_destination: DischargeDestination | null;
  ended_at: Date | null;
  end_reason: string | null;
  admission_id: string | null;
  referral_id: string | null;
}

export function toStayView(s: StayRow) {
  return {
    id: s.id,
    requestId: s.request_id,
    nhsNumber: s.nhs_number,
    direction: s.direction,
    status: s.status,
    bedId: s.bed_id,
    bedLabel: s.bed_label,
    unitId: s.unit_id,
    unitName: s.unit_name,
    referralId: s.referral_id,
    admissionId: s.admission_id,
    offeredAt: iso(s.offered_at),
    admittedAt: iso(s.admitted_at),
    dischargedAt: iso(s.discharged_at),
    dischargeDestination: s.discharge_destination,
    endedAt: iso(s.ended_at),
    endReason: s.end_reason,
  };
}

export interface AllocationRow {
  id: string;
  at: Date;
  event: DecisionEvent;
  unit_id: string | null;
  bed_id: string | null;
  request_id: string;
  stay_id: string | null;
  direction: Direction;
  reason: AllocationReason | CloseCause;
  trigger: AllocationTrigger;
  step_down_share_before: number | null;
  target: number;
  under_target_direction: Direction | null;
  under_target_direction_waiting: boolean | null;
  eligible_step_down: number;
  eligible_step_up: number;
  ineligible_waiting: number;
  waited_seconds: number;
  idle_seconds_while_waiting: number;
  against_mix_for_priority: boolean;
}

export function toAllocationView(a: AllocationRow) {
  return {
    id: a.id,
    at: iso(a.at),
    event: a.event,
    unitId: a.unit_id,
    bedId: a.bed_id,
    requestId: a.request_id,
    stayId: a.stay_id,
    direction: a.direction,
    reason: a.reason,
    trigger: a.trigger,
    stepDownShareBefore: a.step_down_share_before,
    target: a.target,
    underTargetDirection: a.under_target_direction,
    underTargetDirectionWaiting: a.under_target_direction_waiting,
    eligibleWaiting: { stepDown: a.eligible_step_down, stepUp: a.eligible_step_up },
    ineligibleWaiting: a.ineligible_waiting,
    waitedHours: Math.round((a.waited_seconds / 3600) * 100) / 100,
    idleBedHoursWhileWaiting: Math.round((a.idle_seconds_while_waiting / 3600) * 100) / 100,
    againstMixForPriority: a.against_mix_for_priority,
  };
}
