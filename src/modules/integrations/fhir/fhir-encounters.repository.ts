import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An Encounter received, by its identifier: the last phase applied and what it made. */
export interface EncounterReceipt {
  id: string;
  phase: string;
  admissionId: string | null;
  attendanceId: string | null;
}

type Row = { id: string; phase: string; admission_id: string | null; attendance_id: string | null };

const toReceipt = (r: Row): EncounterReceipt => ({ id: r.id, phase: r.phase, admissionId: r.admission_id, attendanceId: r.attendance_id });

/** The FHIR Encounter receipts (`fhir_encounters`): what makes the Encounter door idempotent. */
@Injectable()
export class FhirEncountersRepository {
  /** Claims the identifier on its unique constraint (phase `new`); null when it was received before. */
  async claim(em: EntityManager, system: string, value: string): Promise<EncounterReceipt | null> {
    const claimed: Row[] = await em.query(
      `INSERT INTO fhir_encounters (identifier_system, identifier_value, phase) VALUES ($1, $2, 'new')
       ON CONFLICT ON CONSTRAINT uq_fhir_encounters_identifier DO NOTHING RETURNING id, phase, admission_id, attendance_id`,
      [system, value],
    );
    return claimed.length === 1 ? toReceipt(claimed[0]) : null;
  }

  /** The receipt received before, locked (a concurrent duplicate waits here for the first). */
  async lock(em: EntityManager, system: string, value: string): Promise<EncounterReceipt> {
    const [row]: Row[] = await em.query('SELECT id, phase, admission_id, attendance_id FROM fhir_encounters WHERE identifier_system = $1 AND identifier_value = $2 FOR UPDATE', [
      system,
      value,
    ]);
    return toReceipt(row);
  }

  async update(em: EntityManager, r: EncounterReceipt): Promise<void> {
    await em.query('UPDATE fhir_encounters SET phase = $2, admission_id = $3, attendance_id = $4, updated_at = now() WHERE id = $1', [
      r.id,
      r.phase,
      r.admissionId,
      r.attendanceId,
    ]);
  }
}
