import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../../common/auth/decorators';
import { Permission } from '../../../common/auth/permissions';
import type { RequestContext } from '../../../common/auth/principal';
import { FHIR_JSON, readEncounter, readTransaction } from './domain/encounter';
import { FhirEncountersService } from './fhir-encounters.service';

/**
 * FHIR R4 door for hospital encounters, outside the /api/v1 prefix (`/fhir/R4`). The body is a FHIR
 * resource, validated by the pure readers in `domain/encounter.ts` (FHIR's shape is not a flat DTO);
 * errors answer an OperationOutcome (ProblemFilter, `toOperationOutcome`).
 */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir/R4')
export class FhirController {
  constructor(private readonly encounters: FhirEncountersService) {}

  /** Admit, discharge, cancel or attend A&E, by Encounter.status and class; idempotent by Encounter.identifier. */
  @Post('Encounter')
  @Authorize(Permission.AdmissionWrite)
  @ApiBody({ description: 'A FHIR R4 Encounter (application/fhir+json)' })
  async encounter(@Ctx() ctx: RequestContext, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const enc = readEncounter(body);
    const result = await this.encounters.receive(ctx, enc, null);
    res.status(result.created ? 201 : 200).type(FHIR_JSON);
    res.setHeader('Location', `/fhir/R4/Encounter/${result.id}`);
    return { ...(body as object), id: result.id };
  }

  /** A transaction Bundle of one Patient and one Encounter; answers a transaction-response Bundle. */
  @Post()
  @Authorize(Permission.AdmissionWrite)
  @ApiBody({ description: 'A FHIR R4 transaction Bundle: Patient + Encounter' })
  async transaction(@Ctx() ctx: RequestContext, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const tx = readTransaction(body);
    const result = await this.encounters.receive(ctx, tx.encounter, tx.patient);
    res.status(200).type(FHIR_JSON);
    const entries = (body as { entry: { resource: { resourceType: string } }[] }).entry;
    return {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: entries.map((e) =>
        e.resource.resourceType === 'Encounter'
          ? { response: { status: result.created ? '201 Created' : '200 OK', location: `Encounter/${result.id}` } }
          : { response: { status: '200 OK' } },
      ),
    };
  }
}
