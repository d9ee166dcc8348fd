/**
 * What the admissions capability reads from the audit trail, written here by the trail's owner:
 * when each admission's estimated discharge date was first recorded (the trail is the only record
 * of it). The discharge board and the EDD-within-24-hours measure need it for many admissions in
 * one statement (a call per admission would be N+1), so it is a CTE for their WITH list:
 * `edd (resource_id, first_at)`, aggregated once over the window the caller's one-row CTE
 * `edd_window (lo, hi)` gives. The scan uses `idx_audit_edd_set`, a partial index on `at` of
 * these rows only: on the whole trail's `at` index a 30-day window read every audit row of the
 * month to keep one in a thousand (808 ms at 100,000 rows a day, against 16 ms).
 */
export const EDD_FIRST_SET = `edd AS (
    SELECT ae.resource_id, min(ae.at) AS first_at FROM audit_events ae
    WHERE ae.at >= (SELECT lo FROM edd_window) AND ae.at < (SELECT hi FROM edd_window)
      AND ae.action = 'admission.estimated_discharge' AND ae.outcome = 'allowed' AND ae.resource_type = 'admission'
    GROUP BY ae.resource_id)`;
