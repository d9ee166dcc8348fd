import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What the admissions capability reads of community beds, written here by their owner. Each is a
 * part of one of admissions' statements (the admission view, the discharge board, the day-91
 * measure), because they are read for every row of those statements: a call per row would be N+1.
 */

/** The bed requests raised for the admission `a`, oldest first, as JSON `[{ id, direction, status }]`. */
export const BED_REQUESTS_OF_ADMISSION = `COALESCE((SELECT json_agg(json_build_object('id', br.id, 'direction', br.direction, 'status', br.status)
    ORDER BY br.requested_at, br.id) FROM bed_requests br WHERE br.admission_id = a.id), '[]'::json)`;

/** The admission `a`'s requests still waiting for a bed (waiting or offered), oldest first, as JSON `[{ bedRequestId, direction, status }]`. */
export const WAITING_BED_REQUESTS_OF_ADMISSION = `COALESCE((SELECT json_agg(json_build_object('bedRequestId', br.id, 'direction', br.direction, 'status', br.status) ORDER BY br.requested_at, br.id)
      FROM bed_requests br WHERE br.admission_id = a.id AND br.status IN ('waiting', 'offered')), '[]'::json)`;

/** A community bed was requested for the admission `a`. */
export const ADMISSION_HAS_BED_REQUEST = `EXISTS (SELECT 1 FROM bed_requests br WHERE br.admission_id = a.id)`;

/** The patient of `c` (`c.patient_id`) is in a community bed at the instant `c.d91`. */
export const IN_BED_AT_DAY_91 = `EXISTS (SELECT 1 FROM bed_stays bs WHERE bs.patient_id = c.patient_id AND bs.admitted_at <= c.d91
                        AND (bs.discharged_at IS NULL OR bs.discharged_at > c.d91))`;

/**
 * Stays in a community bed as subjects of the discharge workspace (the board, the midnight snapshot,
 * the DRD measures), one row per stay the patient was admitted to: `id, patient_id, unit_id,
 * team_code, hospital_ods` (the ODS code of the organisation running the unit), `ward` (the unit's
 * name), `admitted_at, discharged_at, status`. A derived table: `FROM (${BED_STAY_SUBJECTS}) bs`.
 */
export const BED_STAY_SUBJECTS = `SELECT s.id, s.patient_id, s.unit_id, u.team_code, u.organisation_ods AS hospital_ods, u.name AS ward,
    s.admitted_at, s.discharged_at, s.status
  FROM bed_stays s JOIN bed_units u ON u.id = s.unit_id WHERE s.admitted_at IS NOT NULL`;

/** A bed stay locked for a discharge workspace entry, with what the entry's checks need. */
export interface BedStayForDischarge {
  id: string;
  patient_id: string;
  nhs_number: string | null;
  admitted_at: Date | null;
  status: string;
  team_code: string;
}

/**
 * The whole statements admissions' discharge workspace makes over bed stays. Provided by
 * BedsForAdmissionsModule, which imports nothing (beds imports admissions).
 */
@Injectable()
export class BedsForAdmissionsRepository {
  /**
   * The stay, locked FOR UPDATE as the beds lifecycle locks it: workspace entries on one stay are
   * serialised with each other and with the stay's admit and discharge.
   */
  async lockStayForDischarge(em: EntityManager, id: string): Promise<BedStayForDischarge | null> {
    const [row]: BedStayForDischarge[] = await em.query(
      `SELECT s.id, s.patient_id, p.nhs_number, s.admitted_at, s.status, u.team_code
       FROM bed_stays s JOIN bed_units u ON u.id = s.unit_id JOIN patients p ON p.id = s.patient_id WHERE s.id = $1 FOR UPDATE OF s`,
      [id],
    );
    return row ?? null;
  }
}
