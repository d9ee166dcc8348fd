import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A new hospital admission, as other capabilities hear of it (inside the admission's transaction). */
export interface AdmittedEvent {
  admissionId: string;
  patientId: string;
  hospitalOds: string;
  /** The hospital's organisation type: acute_trust, community_trust or mental_health_trust. */
  hospitalType: string;
  admittedAt: Date;
  method: string;
}

/** A discharge from hospital, as other capabilities hear of it (inside the discharge's transaction). */
export interface DischargedEvent {
  admissionId: string;
  patientId: string;
  dischargedAt: Date;
  destination: string;
  /** The discharging integrated discharge team, when known. */
  teamCode: string | null;
  /** Who acted (a token subject). */
  by: string;
}

type Listener<E> = (em: EntityManager, event: E) => Promise<void>;

/**
 * Where other modules hook into the admissions pipeline without admissions knowing them (beds
 * registers here to close a step-up request when its patient is admitted). Every path that records
 * an admission or a discharge (the API, HL7 or FHIR feeds) goes through AdmissionsService, which
 * calls these in its transaction: a listener's failure rolls the admission back.
 */
@Injectable()
export class AdmissionHooks {
  private readonly admitted: Listener<AdmittedEvent>[] = [];
  private readonly discharged: Listener<DischargedEvent>[] = [];

  onAdmitted(listener: Listener<AdmittedEvent>): void {
    this.admitted.push(listener);
  }

  onDischarged(listener: Listener<DischargedEvent>): void {
    this.discharged.push(listener);
  }

  async fireAdmitted(em: EntityManager, event: AdmittedEvent): Promise<void> {
    for (const l of this.admitted) await l(em, event);
  }

  async fireDischarged(em: EntityManager, event: DischargedEvent): Promise<void> {
    for (const l of this.discharged) await l(em, event);
  }
}
