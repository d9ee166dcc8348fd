import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { BedUnitsService } from '../beds/bed-units.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { TeamsService } from '../teams/teams.service';
import { toFhirHealthcareService } from './domain/healthcare-service';
import { toFhirBedLocation, toFhirUnitLocation } from './domain/location';
import { toFhirOrganization } from './domain/organization';
import { dateFilters, matchesDates } from './domain/search';
import type { FhirSearchQuery } from './dto/fhir-search.query';
import { FhirResourceNotFound } from './fhir-errors';
import { type SearchResult, orNull, result } from './fhir-search';
import type { Json } from './domain/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


function updatedSince(resources: Json[], q: FhirSearchQuery): Json[] {
  const f = dateFilters('_lastUpdated', q._lastUpdated);
  return resources.filter((r) => matchesDates((r.meta as { lastUpdated?: string }).lastUpdated, f));
}

/** Reference data and beds as FHIR (no patient data): organisations, teams, bed units and beds, through their modules' services. */
@Injectable()
export class FhirReferenceService {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly teams: TeamsService,
    private readonly bedUnits: BedUnitsService,
  ) {}

  async readOrganization(id: string) {
    const o = await orNull(this.organisations.get(id));
    if (!o) throw new FhirResourceNotFound('Organization');
    return toFhirOrganization(o);
  }

  async searchOrganizations(q: FhirSearchQuery): Promise<SearchResult> {
    if (q.identifier !== undefined) {
      const ods = q.identifier.replace(/^https:\/\/fhir\.nhs\.uk\/Id\/ods-organization-code\|/, '');
      const o = await orNull(this.organisations.get(ods));
      return result(updatedSince(o ? [toFhirOrganization(o)] : [], q));
    }
    const page = await this.organisations.list({ limit: q._count ?? DEFAULT_LIMIT, cursor: q._cursor });
    return result(updatedSince(page.items.map(toFhirOrganization), q), page.nextCursor);
  }

  async readHealthcareService(id: string) {
    const t = await orNull(this.teams.get(id));
    if (!t) throw new FhirResourceNotFound('HealthcareService');
    return toFhirHealthcareService(t);
  }

  async searchHealthcareServices(q: FhirSearchQuery): Promise<SearchResult> {
    if (q.identifier !== undefined) {
      const code = q.identifier.slice(q.identifier.indexOf('|') + 1);
      const t = await orNull(this.teams.get(code));
      return result(updatedSince(t ? [toFhirHealthcareService(t)] : [], q));
    }
    const page = await this.teams.list({ limit: q._count ?? DEFAULT_LIMIT, cursor: q._cursor });
    return result(updatedSince(page.items.map(toFhirHealthcareService), q), page.nextCursor);
  }

  async readLocation(ctx: RequestContext, id: string) {
    if (!UUID.test(id)) throw new FhirResourceNotFound('Location');
    const unit = await orNull(this.bedUnits.get(id));
    if (unit) return toFhirUnitLocation(unit);
    const bed = await orNull(this.bedUnits.getBed(ctx, id));
    if (!bed) throw new FhirResourceNotFound('Location');
    return toFhirBedLocation(bed.view);
  }

  /** Without `partof`: the bed units (by name); with `partof=Location/<unit id>`: that unit's beds (by label). */
  async searchLocations(ctx: RequestContext, q: FhirSearchQuery): Promise<SearchResult> {
    const limit = q._count ?? DEFAULT_LIMIT;
    if (q.partof === undefined) {
      const page = await this.bedUnits.list({ limit, cursor: q._cursor });
      return result(updatedSince(page.items.map(toFhirUnitLocation), q), page.nextCursor);
    }
    const unit = q.partof.replace(/^Location\//, '');
    if (!UUID.test(unit)) throw new ValidationFailed('partof must be Location/<bed unit id>', [{ field: 'partof', message: 'is not a bed unit reference' }]);
    const page = await this.bedUnits.board(ctx, { unit, limit, cursor: q._cursor });
    return result(updatedSince(page.items.map(toFhirBedLocation), q), page.nextCursor);
  }
}
