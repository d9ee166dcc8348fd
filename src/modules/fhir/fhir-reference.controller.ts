import { Controller, Get, Header, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authorize, Ctx, Public } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { FHIR_JSON } from '../../common/fhir/operation-outcome';
import { capabilityStatement } from './domain/capability';
import { FhirSearchQuery } from './dto/fhir-search.query';
import { FHIR_BASE_PATH, fhirBase, runSearch } from './fhir-http';
import { FhirReferenceService } from './fhir-reference.service';

const STARTED = new Date().toISOString();

/** The CapabilityStatement, and reference data and beds as FHIR (no patient data). */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller(FHIR_BASE_PATH)
export class FhirReferenceController {
  constructor(private readonly fhir: FhirReferenceService) {}

  /** What this server supports: public, as FHIR clients read it before they authenticate. */
  @Get('metadata')
  @Public()
  @Header('Content-Type', FHIR_JSON)
  metadata(@Req() req: Request) {
    return capabilityStatement(fhirBase(req), { name: 'care-coordination-spoa', version: '1' }, STARTED);
  }

  @Get('Organization')
  @Authorize(Permission.OrganisationRead)
  @Header('Content-Type', FHIR_JSON)
  searchOrganizations(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'Organization', q, () => this.fhir.searchOrganizations(q));
  }

  @Get('Organization/:id')
  @Authorize(Permission.OrganisationRead)
  @Header('Content-Type', FHIR_JSON)
  readOrganization(@Param('id') id: string) {
    return this.fhir.readOrganization(id);
  }

  @Get('HealthcareService')
  @Authorize(Permission.TeamRead)
  @Header('Content-Type', FHIR_JSON)
  searchHealthcareServices(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'HealthcareService', q, () => this.fhir.searchHealthcareServices(q));
  }

  @Get('HealthcareService/:id')
  @Authorize(Permission.TeamRead)
  @Header('Content-Type', FHIR_JSON)
  readHealthcareService(@Param('id') id: string) {
    return this.fhir.readHealthcareService(id);
  }

  @Get('Location')
  @Authorize(Permission.BedRead)
  @Header('Content-Type', FHIR_JSON)
  searchLocations(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'Location', q, () => this.fhir.searchLocations(ctx, q));
  }

  @Get('Location/:id')
  @Authorize(Permission.BedRead)
  @Header('Content-Type', FHIR_JSON)
  readLocation(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.fhir.readLocation(ctx, id);
  }
}
