import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A FHIR Encounter received, by its identifier (system, value): what makes `POST /fhir/R4/Encounter`
 * idempotent. The same identifier and status again is answered with the first result; a new
 * status (in-progress -> finished) is the next step of the same stay.
 */
@Entity('fhir_encounters')
@Unique('uq_fhir_encounters_identifier', ['identifierSystem', 'identifierValue'])
export class FhirEncounterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'identifier_system', type: 'varchar', length: 200 })
  identifierSystem: string;

  @Column({ name: 'identifier_value', type: 'varchar', length: 120 })
  identifierValue: string;

  /** active | finished | cancelled: the last phase applied. */
  @Column({ type: 'varchar', length: 12 })
  phase: string;

  @Column({ name: 'admission_id', type: 'uuid', nullable: true })
  admissionId: string | null;

  @Column({ name: 'attendance_id', type: 'uuid', nullable: true })
  attendanceId: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
