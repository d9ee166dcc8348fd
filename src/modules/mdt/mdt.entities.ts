import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PatientEntity } from '../patients/patient.entity';
import { TeamEntity } from '../teams/team.entity';

/** A recurring MDT for one practice and its neighbourhood team. */
@Entity('mdt_series')
@Check('chk_mdt_series_minutes', 'duration_minutes > 0 AND minutes_per_patient > 0')
export class MdtSeriesEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'practice_ods', type: 'varchar', length: 12 })
  practiceOds: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'practice_ods', referencedColumnName: 'odsCode', foreignKeyConstraintName: 'fk_mdt_series_practice' })
  practice?: OrganisationEntity;

  @Column({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_mdt_series_team' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 200 })
  recurrence: string;

  @Column({ name: 'start_time', type: 'varchar', length: 5 })
  startTime: string;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ name: 'first_date', type: 'date' })
  firstDate: string;

  @Column({ name: 'duration_minutes', type: 'int' })
  durationMinutes: number;

  @Column({ name: 'minutes_per_patient', type: 'int' })
  minutesPerPatient: number;

  @Column({ name: 'core_roles', type: 'varchar', length: 64, array: true, default: () => "'{}'" })
  coreRoles: string[];

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** One meeting: generated from a series, or added on its own (series_id null). */
@Entity('mdt_meetings')
@Check('chk_mdt_meetings_time', 'ends_at > starts_at')
@Check('chk_mdt_meetings_status', "status IN ('scheduled', 'cancelled')")
@Index('idx_mdt_meetings_practice_start', ['practiceOds', 'startsAt'])
@Index('idx_mdt_meetings_team_start', ['teamCode', 'startsAt'])
@Unique('uq_mdt_meetings_series_start', ['seriesId', 'seriesStartsAt'])
export class MdtMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'series_id', type: 'uuid', nullable: true })
  seriesId: string | null;

  @ManyToOne(() => MdtSeriesEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'fk_mdt_meetings_series' })
  series?: MdtSeriesEntity;

  /** The occurrence this meeting was generated for (kept when it moves), so regeneration never duplicates it. */
  @Column({ name: 'series_starts_at', type: 'timestamptz', nullable: true })
  seriesStartsAt: Date | null;

  @Column({ name: 'practice_ods', type: 'varchar', length: 12 })
  practiceOds: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'practice_ods', referencedColumnName: 'odsCode', foreignKeyConstraintName: 'fk_mdt_meetings_practice' })
  practice?: OrganisationEntity;

  @Column({ name: 'team_code', type: 'varchar', length: 32 })
  teamCode: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_mdt_meetings_team' })
  team?: TeamEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status: 'scheduled' | 'cancelled';

  @Column({ name: 'minutes_per_patient', type: 'int' })
  minutesPerPatient: number;

  @Column({ name: 'core_roles', type: 'varchar', length: 64, array: true, default: () => "'{}'" })
  coreRoles: string[];

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  /** Bumped on every move/cancel: the iCalendar SEQUENCE. */
  @Column({ type: 'int', default: 0 })
  sequence: number;

  @Column({ name: 'agenda_generated_at', type: 'timestamptz', nullable: true })
  agendaGeneratedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/**
 * A person booked into a meeting. The meeting's time is copied here (`during`) and `active` is false
 * once the meeting is cancelled, so one exclusion constraint makes double-booking a person into
 * overlapping meetings impossible, whichever instance books. Moving a meeting updates `during` in
 * the same transaction.
 */
@Entity('mdt_attendees')
@Unique('uq_mdt_attendees_meeting_staff', ['meetingId', 'staffId'])
@Exclusion('ex_mdt_attendees_no_double_booking', 'USING gist ("staff_id" WITH =, "during" WITH &&) WHERE ("active")')
export class MdtAttendeeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MdtMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_mdt_attendees_meeting' })
  meeting?: MdtMeetingEntity;

  @Column({ name: 'staff_id', type: 'varchar', length: 128 })
  staffId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  role: string;

  @Column({ type: 'tstzrange' })
  during: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'added_by', type: 'varchar', length: 128 })
  addedBy: string;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt: Date;
}

/**
 * A patient on (or rolled off) a meeting's agenda. status: `scheduled` (on the agenda, `position`
 * is its order), `overflow` (did not fit: rolls to the next meeting first), `removed` (taken off by
 * hand; regeneration does not bring it back).
 */
@Entity('mdt_agenda_items')
@Unique('uq_mdt_agenda_items_meeting_patient', ['meetingId', 'patientId'])
@Check('chk_mdt_agenda_items_status', "status IN ('scheduled', 'overflow', 'removed')")
@Check('chk_mdt_agenda_items_source', "source IN ('generated', 'rolled_over', 'manual')")
@Index('idx_mdt_agenda_items_patient', ['patientId'])
export class MdtAgendaItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MdtMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_mdt_agenda_items_meeting' })
  meeting?: MdtMeetingEntity;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_mdt_agenda_items_patient' })
  patient?: PatientEntity;

  @Column({ type: 'varchar', length: 64 })
  reason: string;

  @Column({ type: 'varchar', length: 64, array: true, default: () => "'{}'" })
  reasons: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;

  @Column({ type: 'varchar', length: 16 })
  source: 'generated' | 'rolled_over' | 'manual';

  @Column({ type: 'varchar', length: 16 })
  status: 'scheduled' | 'overflow' | 'removed';

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'int' })
  minutes: number;

  @Column({ name: 'added_by', type: 'varchar', length: 128 })
  addedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

export interface MdtAction {
  description: string;
  ownerStaffId: string;
  dueDate: string;
  taskId: string | null;
}

/** What the MDT decided about one patient at one meeting (one record per patient and meeting). */
@Entity('mdt_outcomes')
@Unique('uq_mdt_outcomes_meeting_patient', ['meetingId', 'patientId'])
@Index('idx_mdt_outcomes_patient_discussed', ['patientId', 'discussedAt'])
export class MdtOutcomeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MdtMeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_mdt_outcomes_meeting' })
  meeting?: MdtMeetingEntity;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_mdt_outcomes_patient' })
  patient?: PatientEntity;

  /** The meeting's start: when the patient was discussed (lastMdtAt on caseload rows). */
  @Column({ name: 'discussed_at', type: 'timestamptz' })
  discussedAt: Date;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  decisions: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  actions: MdtAction[];

  @Column({ name: 'care_plan_agreed', type: 'boolean', nullable: true })
  carePlanAgreed: boolean | null;

  /** The episode transition the MDT asked for (recorded; applied once Pro-Active Care episodes exist). */
  @Column({ name: 'episode_transition', type: 'jsonb', nullable: true })
  episodeTransition: { episodeId: string | null; to: string; reason: string | null; applied: boolean } | null;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
