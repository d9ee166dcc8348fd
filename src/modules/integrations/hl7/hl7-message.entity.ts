import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const HL7_MESSAGE_STATUSES = ['processed', 'failed', 'waiting'] as const;
export type Hl7MessageStatus = (typeof HL7_MESSAGE_STATUSES)[number];

/**
 * One HL7 message per (sending facility, MSH-10): the unique constraint is what makes a message take
 * effect exactly once, whatever the number of instances and resends. `processed` keeps no raw text;
 * `failed` (dead letter: AE/AR answered) and `waiting` (out of order, parked until its admission
 * exists) keep the raw message for replay. The raw text is patient data: stored, never logged.
 */
@Entity('hl7_messages')
@Unique('uq_hl7_messages_sender_control', ['sender', 'controlId'])
@Check('chk_hl7_messages_status', `status IN (${HL7_MESSAGE_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('chk_hl7_messages_ack', `ack_code IN ('AA', 'AE', 'AR')`)
@Check('chk_hl7_messages_raw', `(status = 'processed') = (raw IS NULL)`)
@Index('idx_hl7_messages_status_received', ['status', 'receivedAt', 'id'])
@Index('idx_hl7_messages_waiting_patient', ['patientId', 'eventAt'], { where: `status = 'waiting'` })
@Index('idx_hl7_messages_sender_received', ['sender', 'receivedAt'])
export class Hl7MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** MSH-4 sending facility. */
  @Column({ type: 'varchar', length: 64 })
  sender: string;

  /** MSH-10 message control id. */
  @Column({ name: 'control_id', type: 'varchar', length: 199 })
  controlId: string;

  @Column({ name: 'hospital_ods', type: 'varchar', length: 12, nullable: true })
  hospitalOds: string | null;

  /** Trigger event (A01...), when it could be read. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  event: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: string;

  @Column({ name: 'ack_code', type: 'varchar', length: 2 })
  ackCode: string;

  @Column({ name: 'reason_code', type: 'varchar', length: 48, nullable: true })
  reasonCode: string | null;

  /** Our own words (never the message's values). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text', nullable: true })
  raw: string | null;

  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId: string | null;

  @Column({ name: 'event_at', type: 'timestamptz', nullable: true })
  eventAt: Date | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  attempts: number;
}
