/**
 * For tests that sweep every route of the OpenAPI document (`/docs-json`): a caller who holds
 * every role, and a path's `{parameters}` filled with values the world of createWorld knows.
 */
export const EVERY_ROLE = {
  roles: ['care_navigator', 'clinician', 'gp', 'care_coordinator', 'discharge_coordinator', 'bed_manager', 'referrer', 'commissioner', 'auditor', 'admin'],
  teams: ['NCT-A', 'SPOA'],
  org: 'P00001',
};

/** `/patients/{nhsNumber}/care-plan/versions/{version}` with the given patient, P00001, NCT-A, 1, or a uuid. */
export function fillPath(path: string, nhs: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    /nhs/i.test(name) ? nhs : /ods|practice/i.test(name) ? 'P00001' : /code|team/i.test(name) ? 'NCT-A' : /^n$|version/.test(name) ? '1' : '00000000-0000-4000-8000-000000000000',
  );
}
