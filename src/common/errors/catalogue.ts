/**
 * Every error catalogue of the service, in the order docs/errors.md lists them. A module's codes are
 * declared once, in its `*-errors.ts` (see define-errors.ts); listing the catalogue here puts its
 * codes in `ErrorCode` (so they can be thrown) and in the docs. Loaded by the docs generator and
 * the tests only: the service itself imports each module's errors file directly.
 */
import { ADMISSION_ERRORS } from '../../modules/admissions/admission-errors';
import { ALERT_ERRORS } from '../../modules/alerts/alert-errors';
import { BED_ERRORS } from '../../modules/beds/beds.errors';
import { CARE_PLAN_ERRORS } from '../../modules/care-plans/care-plan-errors';
import { CASELOAD_ERRORS } from '../../modules/caseloads/caseload-errors';
import { FHIR_ERRORS } from '../../modules/fhir/fhir-errors';
import { IDENTITY_ERRORS } from '../../modules/identity/identity-errors';
import { INTEGRATION_ERRORS } from '../../modules/integrations/integration-errors';
import { INVOLVEMENT_ERRORS } from '../../modules/involvement/involvement-errors';
import { MDT_ERRORS } from '../../modules/mdt/mdt-errors';
import { METRICS_ERRORS } from '../../modules/metrics/metrics-errors';
import { ORGANISATION_ERRORS } from '../../modules/organisations/organisation-errors';
import { PATIENT_ERRORS } from '../../modules/patients/patient-errors';
import { REFERRAL_ERRORS } from '../../modules/referrals/referral-errors';
import { RESIDENCE_ERRORS } from '../../modules/residences/residence-errors';
import { SIGN_IN_ERRORS } from '../../modules/sign-in/sign-in-errors';
import { TASK_ERRORS } from '../../modules/tasks/task-errors';
import { TEAM_ERRORS } from '../../modules/teams/team-errors';
import { WEBHOOK_ERRORS } from '../../modules/webhooks/webhook-errors';
import { ACCESS_ERRORS } from '../access/access-errors';
import type { ErrorCatalogue, ErrorSpec } from './define-errors';
import { COMMON_ERRORS } from './domain-error';

export const ERROR_CATALOGUES = [
  COMMON_ERRORS,
  SIGN_IN_ERRORS,
  ACCESS_ERRORS,
  ORGANISATION_ERRORS,
  TEAM_ERRORS,
  PATIENT_ERRORS,
  IDENTITY_ERRORS,
  INVOLVEMENT_ERRORS,
  RESIDENCE_ERRORS,
  CARE_PLAN_ERRORS,
  REFERRAL_ERRORS,
  TASK_ERRORS,
  ALERT_ERRORS,
  CASELOAD_ERRORS,
  MDT_ERRORS,
  BED_ERRORS,
  ADMISSION_ERRORS,
  METRICS_ERRORS,
  INTEGRATION_ERRORS,
  FHIR_ERRORS,
  WEBHOOK_ERRORS,
] as const;

type CodesOf<T> = T extends { readonly codes: infer R } ? Extract<keyof R, string> : never;

/** Every code the service may answer with. */
export type ErrorCode = CodesOf<(typeof ERROR_CATALOGUES)[number]>;

export interface CatalogueEntry extends ErrorSpec {
  code: string;
  module: string;
}

/** All codes, catalogue by catalogue; throws when two catalogues declare the same code. */
export function errorCatalogue(catalogues: readonly ErrorCatalogue[] = ERROR_CATALOGUES): CatalogueEntry[] {
  const seen = new Map<string, string>();
  return catalogues.flatMap((c) =>
    Object.entries(c.codes as Record<string, ErrorSpec>).map(([code, spec]) => {
      const other = seen.get(code);
      if (other) throw new Error(`Error code ${code} is declared by both ${other} and ${c.module}`);
      seen.set(code, c.module);
      return { ...spec, code, module: c.module };
    }),
  );
}
