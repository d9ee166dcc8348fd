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
