import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PatientAccessService } from '../../common/access/patient-access.service';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { PreconditionFailed } from '../../common/errors/domain-error';
import { Json, applyMergePatch } from '../../common/http/merge-patch';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { rejectNullRequired } from '../../common/validation/required-fields';
import { PATIENT_REQUIRED_FIELDS, PatchPatientDto, toUpsertBody } from './dto/patch-patient.dto';
import { UpsertPatientDto } from './dto/patient.dto';
import { etagOf, toSingleView } from './patient-view';
import { DeathRegistry } from './death-registry';
import { PatientViewRegistry } from './patient-view.registry';
import { PatientsRepository } from './patients.repository';
import { PatientsService, fieldsFrom } from './patients.service';

const validation = createValidationPipe();

/**
 * PATCH /patients/{nhsNumber}: changes only the fields sent. In one transaction, with the row
 * locked: open through the access gate (audited as patient.update), honour If-Match, merge the
 * patch into the current record, validate the result as a PUT body, save.
 */
@Injectable()
export class PatientPatchService {
  constructor(
    private readonly db: DataSource,
    private readonly access: PatientAccessService,
    private readonly patients: PatientsService,
    private readonly views: PatientViewRegistry,
    private readonly deaths: DeathRegistry,
    private readonly records: PatientsRepository,
    private readonly clock: Clock,
  ) {}

  async patch(ctx: RequestContext, nhsNumber: string, patch: PatchPatientDto, ifMatch?: string) {
    rejectNullRequired(patch, PATIENT_REQUIRED_FIELDS);
    return this.db.transaction(async (em) => {
      const { patient } = await this.access.open(em, ctx, nhsNumber, { action: 'patient.update' }, { lock: true });
      if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(patient)) {
        throw new PreconditionFailed(`The patient is now at version ${patient.version}; read it again and retry`);
      }
      const merged = applyMergePatch(toUpsertBody(patient) as Json, JSON.parse(JSON.stringify(patch)) as Json);
      const dto = (await validation.transform(merged, { type: 'body', metatype: UpsertPatientDto })) as UpsertPatientDto;
      await this.patients.checkReferences(em, dto);
      const wasAlive = !patient.deceasedAt;
      Object.assign(patient, fieldsFrom(dto));
      const saved = await this.records.save(em, patient);
      // A death recorded by a patch closes the patient's open work exactly as a PUT does.
      if (wasAlive && saved.deceasedAt) await this.deaths.recordDeath(em, saved.id, saved.deceasedAt, ctx.principal.sub);
      const relationships = await this.access.relationshipsOf(em, saved);
      return { etag: etagOf(saved), view: toSingleView(saved, relationships, await this.views.sectionsFor(em, saved), this.clock.now()) };
    });
  }
}
