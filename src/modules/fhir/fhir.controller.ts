import { Controller, Get, Header, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { FHIR_JSON } from '../../common/fhir/operation-outcome';
import { FhirSearchQuery } from './dto/fhir-search.query';
import { FhirClinicalService } from './fhir-clinical.service';
import { FHIR_BASE_PATH, runSearch } from './fhir-http';

const P = Permission;

/** FHIR R4 reads of patient data: the same permissions, access gate, consent and audit as the REST routes they mirror. */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller(FHIR_BASE_PATH)
export class FhirClinicalController {
  constructor(private readonly fhir: FhirClinicalService) {}

  @Get('Patient')
  @Authorize(P.PatientRead)
  @Header('Content-Type', FHIR_JSON)
  searchPatients(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'Patient', q, () => this.fhir.searchPatients(ctx, q));
  }

  @Get('Patient/:id')
  @Authorize(P.PatientRead)
  @Header('Content-Type', FHIR_JSON)
  readPatient(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.fhir.readPatient(ctx, id);
  }

  @Get('ServiceRequest')
  @Authorize(P.ReferralRead)
  @Header('Content-Type', FHIR_JSON)
  searchServiceRequests(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'ServiceRequest', q, () => this.fhir.searchServiceRequests(ctx, q), this.fhir);
  }

  @Get('ServiceRequest/:id')
  @Authorize(P.ReferralRead)
  @Header('Content-Type', FHIR_JSON)
  readServiceRequest(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.fhir.readServiceRequest(ctx, id);
  }

  @Get('Task')
  @Authorize(P.TaskRead)
  @Header('Content-Type', FHIR_JSON)
  searchTasks(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'Task', q, () => this.fhir.searchTasks(ctx, q), this.fhir);
  }

  @Get('Task/:id')
  @Authorize(P.TaskRead)
  @Header('Content-Type', FHIR_JSON)
  readTask(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.fhir.readTask(ctx, id);
  }

  @Get('Flag')
  @Authorize(P.PatientRead)
  @Header('Content-Type', FHIR_JSON)
  searchFlags(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'Flag', q, () => this.fhir.searchFlags(ctx, q), this.fhir);
  }

  @Get('Encounter')
  @Authorize(P.AdmissionRead)
  @Header('Content-Type', FHIR_JSON)
  searchEncounters(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'Encounter', q, () => this.fhir.searchEncounters(ctx, q), this.fhir);
  }

  @Get('Encounter/:id')
  @Authorize(P.AdmissionRead)
  @Header('Content-Type', FHIR_JSON)
  readEncounter(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.fhir.readEncounter(ctx, id);
  }

  @Get('CarePlan')
  @Authorize(P.CarePlanRead)
  @Header('Content-Type', FHIR_JSON)
  searchCarePlans(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'CarePlan', q, () => this.fhir.searchCarePlans(ctx, q), this.fhir);
  }

  @Get('CarePlan/:id')
  @Authorize(P.CarePlanRead)
  @Header('Content-Type', FHIR_JSON)
  readCarePlan(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.fhir.readCarePlan(ctx, id);
  }

  @Get('Consent')
  @Authorize(P.CarePlanRead)
  @Header('Content-Type', FHIR_JSON)
  searchConsents(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'Consent', q, () => this.fhir.searchConsents(ctx, q), this.fhir);
  }

  @Get('Consent/:id')
  @Authorize(P.CarePlanRead)
  @Header('Content-Type', FHIR_JSON)
  readConsent(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.fhir.readConsent(ctx, id);
  }

  @Get('EpisodeOfCare')
  @Authorize(P.EpisodeWork, P.CaseloadRead)
  @Header('Content-Type', FHIR_JSON)
  searchEpisodes(@Req() req: Request, @Ctx() ctx: RequestContext, @Query() q: FhirSearchQuery) {
    return runSearch(req, ctx, 'EpisodeOfCare', q, () => this.fhir.searchEpisodesOfCare(ctx, q), this.fhir);
  }

  @Get('EpisodeOfCare/:id')
  @Authorize(P.EpisodeWork, P.CaseloadRead)
  @Header('Content-Type', FHIR_JSON)
  readEpisode(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.fhir.readEpisodeOfCare(ctx, id);
  }
}
