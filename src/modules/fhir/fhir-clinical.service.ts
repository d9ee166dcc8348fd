import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { Permission } from '../../common/auth/permissions';
import { Forbidden, ValidationFailed } from '../../common/errors/domain-error';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { AdmissionsService } from '../admissions/admissions.service';
import { CarePlansService } from '../care-plans/care-plans.service';
import { EpisodesService } from '../caseloads/episodes.service';
import { PatientsService } from '../patients/patients.service';
import { referralIdFor } from '../referrals/referral-lookup';
import { ReferralsService } from '../referrals/referrals.service';
import { TasksService } from '../tasks/tasks.service';
import { toFhirStructuredCarePlan } from './domain/care-plan';
import type { Json } from './domain/common';
import { toFhirConsent } from './domain/consent';
import { toFhirEncounter } from './domain/encounter';
import { toFhirEpisodeOfCare } from './domain/episode-of-care';
import { toFhirFlag } from './domain/flag';
import { toFhirPatient } from './domain/patient';
import { dateFilters, matchesDates, nhsNumberFrom } from './domain/search';
import { toFhirServiceRequests, toFhirTriageTask } from './domain/service-request';
import { toFhirTask } from './domain/task';
import type { FhirSearchQuery } from './dto/fhir-search.query';
import { type SearchResult, orNull, patientOf, result } from './fhir-search';
import { FhirResourceNotFound } from './fhir-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type View<T extends (...a: never[]) => unknown> = Awaited<ReturnType<T>>;
type PatientView = View<PatientsService['get']>['view'];


/** In-page filters every type shares: FHIR status, _lastUpdated, and `date` on the given element. */
function filtered(resources: Json[], q: FhirSearchQuery, dateOf?: (r: Json) => string | undefined): Json[] {
  const updated = dateFilters('_lastUpdated', q._lastUpdated);
  const dates = dateFilters('date', q.date);
  return resources.filter(
    (r) =>
      (q.status === undefined || r.status === q.status) &&
      matchesDates((r.meta as { lastUpdated?: string } | undefined)?.lastUpdated, updated) &&
      (dates.length === 0 || matchesDates(dateOf?.(r), dates)),
  );
}

/**
 * FHIR reads of patient data. Every read goes through the owning module's service, so the access
 * gate, consent and audit are exactly those of the REST API (a FHIR read is the same audited
 * access); this class only maps their views to FHIR and never queries another module's tables.
 */
@Injectable()
export class FhirClinicalService {
  constructor(
    private readonly db: DataSource,
    private readonly patients: PatientsService,
    private readonly referrals: ReferralsService,
    private readonly tasks: TasksService,
    private readonly admissions: AdmissionsService,
    private readonly carePlans: CarePlansService,
    private readonly episodes: EpisodesService,
  ) {}

  // ---------------------------------------------------------------- Patient

  private patientResource(v: PatientView) {
    return toFhirPatient({ ...v, nhsNumber: v.nhsNumber as string });
  }

  async readPatient(ctx: RequestContext, id: string) {
    const nhs = nhsNumberFrom('_id', id);
    const found = await orNull(this.patients.get(ctx, nhs));
    if (!found) throw new FhirResourceNotFound('Patient');
    return this.patientResource(found.view);
  }

  /** Patients for `_include`: each one opened through the gate (audited); any the caller may not see is left out. */
  async includePatients(ctx: RequestContext, nhsNumbers: string[]): Promise<Json[]> {
    const out: Json[] = [];
    for (const nhs of nhsNumbers) {
      const found = await orNull(this.patients.get(ctx, nhs));
      if (found) out.push(this.patientResource(found.view));
    }
    return out;
  }

  async searchPatients(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const byId = q._id ?? q.identifier;
    if (byId !== undefined) {
      const nhs = nhsNumberFrom(q._id !== undefined ? '_id' : 'identifier', byId);
      const found = await orNull(this.patients.get(ctx, nhs));
      return result(filtered(found ? [this.patientResource(found.view)] : [], q));
    }
    if (!q.family || !q.birthdate) {
      throw new ValidationFailed('Search patients by identifier (NHS number), or by family and birthdate', [
        { field: 'identifier', message: 'or family + birthdate is required' },
      ]);
    }
    if (!ctx.principal.permissions.has(Permission.PatientSearch)) throw new Forbidden('Searching patients by name needs patient:search');
    const page = await this.patients.search(ctx, { familyName: q.family, dateOfBirth: q.birthdate, limit: q._count ?? DEFAULT_LIMIT, cursor: q._cursor });
    const matches = page.items.filter((p) => p.nhsNumber).map((p) => toFhirPatient({ ...p, nhsNumber: p.nhsNumber as string }));
    return result(filtered(matches, q), page.nextCursor);
  }

  // ---------------------------------------------------------------- ServiceRequest and the triage Task

  private patientParam(q: FhirSearchQuery): string | undefined {
    return q.patient === undefined ? undefined : nhsNumberFrom('patient', q.patient);
  }

  async readServiceRequest(ctx: RequestContext, id: string) {
    const referralId = await referralIdFor(this.db.manager, id);
    const found = referralId ? await orNull(this.referrals.get(ctx, referralId)) : null;
    const match = found?.view.nhsNumber ? toFhirServiceRequests({ ...found.view, nhsNumber: found.view.nhsNumber }).find((r) => r.id === id) : undefined;
    if (!match) throw new FhirResourceNotFound('ServiceRequest');
    return match;
  }

  /** Referrals in the REST list's order (breached first, then respond-by) and with its scoping; each referral gives its parts too. */
  async searchServiceRequests(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const page = await this.referrals.list(ctx, {
      nhsNumber: this.patientParam(q),
      status: q.status === 'active' ? 'open' : 'all',
      limit: q._count ?? DEFAULT_LIMIT,
      cursor: q._cursor,
    });
    const resources = page.items.flatMap((r) => (r.nhsNumber ? toFhirServiceRequests({ ...r, nhsNumber: r.nhsNumber }) : []));
    const matches = filtered(resources, q, (r) => r.authoredOn as string);
    return result(matches, page.nextCursor, matches.map(patientOf));
  }

  async readTask(ctx: RequestContext, id: string) {
    if (id.startsWith('triage-')) {
      const referralId = id.slice('triage-'.length);
      const found = UUID.test(referralId) ? await orNull(this.referrals.get(ctx, referralId)) : null;
      if (!found?.view.nhsNumber) throw new FhirResourceNotFound('Task');
      return toFhirTriageTask({ ...found.view, nhsNumber: found.view.nhsNumber }, found.view.triage?.at ?? null);
    }
    const task = await orNull(this.tasks.get(ctx, id));
    if (!task) throw new FhirResourceNotFound('Task');
    return toFhirTask(task);
  }

  /**
   * `code=triage`: the triage steps of referrals (the REST referral list, its scoping and order);
   * otherwise the caller's teams' tasks (the REST worklist, by due time). `patient` narrows within
   * each page, so a page can hold fewer than _count; follow `next` to the end.
   */
  async searchTasks(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const nhs = this.patientParam(q);
    if (q.code === 'triage') {
      if (!ctx.principal.permissions.has(Permission.ReferralRead)) throw new Forbidden('Triage tasks are read with referral:read');
      const page = await this.referrals.list(ctx, { nhsNumber: nhs, status: 'all', limit: q._count ?? DEFAULT_LIMIT, cursor: q._cursor });
      const tasks = page.items.filter((r) => r.nhsNumber).map((r) => toFhirTriageTask({ ...r, nhsNumber: r.nhsNumber as string }, r.triage?.at ?? null));
      const matches = filtered(tasks, q);
      return result(matches, page.nextCursor, matches.map(patientOf));
    }
    const status = q.status === undefined ? undefined : q.status === 'completed' ? 'done' : 'open';
    const page = await this.tasks.list(ctx, { status, type: q.code, limit: q._count ?? DEFAULT_LIMIT, cursor: q._cursor });
    const tasks = page.items.filter((t) => nhs === undefined || t.nhsNumber === nhs).map(toFhirTask);
    const matches = filtered(tasks, q);
    return result(matches, page.nextCursor, matches.map(patientOf));
  }

  // ---------------------------------------------------------------- Flag (open alerts)

  /** The patient's open alerts, as the single view shows them (one audited patient read). */
  async searchFlags(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const nhs = this.requirePatient(q, 'Flag');
    const found = await orNull(this.patients.get(ctx, nhs));
    const alerts = (found?.view.openAlerts ?? []) as { id: string; type: string; teamCode: string; createdAt: string }[];
    const matches = filtered(
      alerts.map((a) => toFhirFlag(a, nhs)),
      q,
      (r) => (r.period as { start: string }).start,
    );
    return result(matches, null, matches.length ? [nhs] : []);
  }

  private requirePatient(q: FhirSearchQuery, type: string): string {
    const nhs = this.patientParam(q);
    if (!nhs) throw new ValidationFailed(`${type} searches need a patient`, [{ field: 'patient', message: 'is required' }]);
    return nhs;
  }

  // ---------------------------------------------------------------- Encounter (admissions)

  async readEncounter(ctx: RequestContext, id: string) {
    const found = UUID.test(id) ? await orNull(this.admissions.get(ctx, id)) : null;
    if (!found) throw new FhirResourceNotFound('Encounter');
    return toFhirEncounter(found);
  }

  /** The REST admissions list (newest admission first, which is `_sort=-date`). */
  async searchEncounters(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const status = q.status === undefined ? undefined : q.status === 'finished' ? 'discharged' : q.status === 'in-progress' ? 'inpatient' : 'none';
    const page =
      status === 'none'
        ? { items: [], nextCursor: null }
        : await this.admissions.list(ctx, { status, nhsNumber: this.patientParam(q), limit: q._count ?? DEFAULT_LIMIT, cursor: q._cursor });
    const matches = filtered(page.items.map(toFhirEncounter), q, (r) => (r.period as { start: string }).start);
    return result(matches, page.nextCursor, matches.map(patientOf));
  }

  // ---------------------------------------------------------------- CarePlan and Consent (consent-governed)

  private async carePlanView(ctx: RequestContext, id: string) {
    return (await orNull(this.carePlans.get(ctx, nhsNumberFrom('_id', id))))?.view ?? null;
  }

  async readCarePlan(ctx: RequestContext, id: string) {
    const view = await this.carePlanView(ctx, id);
    if (!view) throw new FhirResourceNotFound('CarePlan');
    return toFhirStructuredCarePlan(view);
  }

  async searchCarePlans(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const view = await this.carePlanView(ctx, this.requirePatient(q, 'CarePlan'));
    const matches = filtered(view ? [toFhirStructuredCarePlan(view)] : [], q);
    return result(matches, null, matches.map(patientOf));
  }

  async readConsent(ctx: RequestContext, id: string) {
    const view = await this.carePlanView(ctx, id);
    if (!view?.consent) throw new FhirResourceNotFound('Consent');
    return toFhirConsent(view.consent, view.nhsNumber);
  }

  async searchConsents(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const view = await this.carePlanView(ctx, this.requirePatient(q, 'Consent'));
    const matches = view?.consent ? [toFhirConsent(view.consent, view.nhsNumber)] : [];
    return result(matches, null, matches.map(patientOf));
  }

  // ---------------------------------------------------------------- EpisodeOfCare (Pro-Active Care)

  async readEpisodeOfCare(ctx: RequestContext, id: string) {
    const found = UUID.test(id) ? await orNull(this.episodes.get(ctx, id)) : null;
    if (!found?.view.nhsNumber) throw new FhirResourceNotFound('EpisodeOfCare');
    return toFhirEpisodeOfCare({ ...found.view, nhsNumber: found.view.nhsNumber });
  }

  /** The patient's open episode (the single view's activeEpisode), read through the episodes service. */
  async searchEpisodesOfCare(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const nhs = this.requirePatient(q, 'EpisodeOfCare');
    const found = await orNull(this.patients.get(ctx, nhs));
    const active = found?.view.activeEpisode as { id: string } | null | undefined;
    const episode = active ? await orNull(this.episodes.get(ctx, active.id)) : null;
    const matches = filtered(episode ? [toFhirEpisodeOfCare({ ...episode.view, nhsNumber: nhs })] : [], q);
    return result(matches, null, matches.map(patientOf));
  }
}

