import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';

/** The shared tables beds reads (patients behind a request or stay, teams to alert): reads only. */
@Injectable()
export class BedReferencesRepository {
  patient(em: EntityManager, id: string): Promise<PatientEntity | null> {
    return em.findOneBy(PatientEntity, { id });
  }

  patients(em: EntityManager, ids: string[]): Promise<PatientEntity[]> {
    return em.findBy(PatientEntity, { id: In(ids) });
  }

  async nhsNumberOf(em: EntityManager, patientId: string): Promise<string | null> {
    const [p]: { nhs_number: string }[] = await em.query('SELECT nhs_number FROM patients WHERE id = $1', [patientId]);
    return p?.nhs_number ?? null;
  }

  /** Those of these team codes that name a team (alerts need teams that exist; a code in a token may not). */
  async existingTeams(em: EntityManager, codes: string[]): Promise<Set<string>> {
    const rows: { code: string }[] = await em.query('SELECT code FROM teams WHERE code = ANY($1::varchar[])', [codes]);
    return new Set(rows.map((r) => r.code));
  }
}
