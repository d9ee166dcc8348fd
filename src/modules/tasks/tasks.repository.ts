import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, SqlParams, selectCursorAt } from '../../database/sql-params';
import type { TaskStatus } from './domain/task-state';

/** A task with the NHS number of its patient (if any). */
export interface Task {
  id: string;
  type: string;
  title: string;
  detail: string | null;
  teamCode: string;
  patientId: string | null;
  nhsNumber: string | null;
  status: TaskStatus;
  dueAt: Date;
  sourceType: string;
  sourceId: string | null;
  assignee: string | null;
  assignedAt: Date | null;
  outcome: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  createdAt: Date;
}

export interface NewTask {
  type: string;
  teamCode: string;
  patientId: string | null;
  title: string;
  detail: string | null;
  dueAt: Date;
  sourceType: string;
  sourceId: string | null;
  dedupeKey: string | null;
  createdBy: string | null;
  /** Insert nothing when the patient has died. */
  unlessDied: boolean;
}

export interface TaskFilter {
  teamCodes: string[];
  status: TaskStatus;
  /** true: open tasks due before `now`; false: the others. */
  overdue?: boolean;
  now: Date;
  assignee?: string;
  unassigned?: boolean;
  type?: string;
  /** Keyset: tasks after this (dueAt, id). */
  after?: [string, string];
  limit: number;
}

const TASK_COLUMNS = `t.id, t.type, t.title, t.detail, t.team_code AS "teamCode", t.patient_id AS "patientId", p.nhs_number AS "nhsNumber",
  t.status, t.due_at AS "dueAt", t.source_type AS "sourceType", t.source_id AS "sourceId", t.assignee, t.assigned_at AS "assignedAt",
  t.outcome, t.completed_at AS "completedAt", t.completed_by AS "completedBy", t.created_at AS "createdAt"`;
const FROM_TASKS = 'FROM tasks t LEFT JOIN patients p ON p.id = t.patient_id';
const SELECT_TASK = `SELECT ${TASK_COLUMNS} ${FROM_TASKS}`;

/** The tasks table: team worklists, and the tasks other capabilities raise in their own transactions. */
/** Teams with a post-discharge follow-up of the patient (`$1`) still open. */
export const OPEN_FOLLOW_UP_TEAMS = `SELECT DISTINCT team_code FROM tasks WHERE patient_id = $1 AND type = 'post_discharge_follow_up' AND status = 'open'`;

@Injectable()
export class TasksRepository {
  /**
   * The new task's id, or null when its dedupe key already exists, or when `unlessDied` and the
   * patient has died (checked in the same statement).
   */
  async insert(em: EntityManager, t: NewTask): Promise<string | null> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO tasks (type, team_code, patient_id, title, detail, due_at, source_type, source_id, dedupe_key, created_by, version)
       SELECT $1, $2, $3::uuid, $4, $5, $6::timestamptz, $7, $8, $9, $10, 1
       WHERE NOT ($11::boolean AND EXISTS (SELECT 1 FROM patients p WHERE p.id = $3::uuid AND p.deceased_at IS NOT NULL))
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [t.type, t.teamCode, t.patientId, t.title, t.detail, t.dueAt, t.sourceType, t.sourceId, t.dedupeKey, t.createdBy, t.unlessDied],
    );
    return rows[0]?.id ?? null;
  }

  /** Completes the open task with this dedupe key, if there is one. */
  async completeByKey(em: EntityManager, dedupeKey: string, outcome: string, by: string): Promise<void> {
    await em.query(
      `UPDATE tasks SET status = 'done', outcome = $2, completed_at = now(), completed_by = $3, version = version + 1, updated_at = now()
       WHERE dedupe_key = $1 AND status = 'open'`,
      [dedupeKey, outcome, by],
    );
  }

  /** Rewrites the detail of the open task with this dedupe key; false when there is none. */
  async setOpenDetail(em: EntityManager, dedupeKey: string, detail: string | null): Promise<boolean> {
    const [[updated]]: [{ id: string }[], number] = await em.query(
      `UPDATE tasks SET detail = $2, version = version + 1, updated_at = now() WHERE dedupe_key = $1 AND status = 'open' RETURNING id`,
      [dedupeKey, detail],
    );
    return updated !== undefined;
  }

  /** The team of the open task with this dedupe key, if there is one. */
  async teamOfOpen(em: EntityManager, dedupeKey: string): Promise<string | null> {
    const [row]: { team_code: string }[] = await em.query(`SELECT team_code FROM tasks WHERE dedupe_key = $1 AND status = 'open'`, [dedupeKey]);
    return row?.team_code ?? null;
  }

  /** Ordered by due time, then id. */
  list(em: EntityManager, f: TaskFilter): Promise<(Task & CursorAt)[]> {
    const p = new SqlParams([f.teamCodes, f.status]);
    const where = ['t.team_code = ANY($1)', 't.status = $2'];
    if (f.overdue !== undefined) {
      const now = p.add(f.now);
      where.push(f.overdue ? `t.status = 'open' AND t.due_at < ${now}` : `NOT (t.status = 'open' AND t.due_at < ${now})`);
    }
    if (f.assignee) where.push(`t.assignee = ${p.add(f.assignee)}`);
    if (f.unassigned) where.push('t.assignee IS NULL');
    if (f.type) where.push(`t.type = ${p.add(f.type)}`);
    if (f.after) where.push(p.keyset('t.due_at, t.id', '>', f.after));
    return em.query(
      `SELECT ${TASK_COLUMNS}, ${selectCursorAt('t.due_at')} ${FROM_TASKS} WHERE ${where.join(' AND ')} ORDER BY t.due_at, t.id LIMIT ${p.add(f.limit)}`,
      p.values,
    );
  }

  async byId(em: EntityManager, id: string): Promise<Task | null> {
    const [row]: Task[] = await em.query(`${SELECT_TASK} WHERE t.id = $1`, [id]);
    return row ?? null;
  }

  /** The task, with its row locked (for changing it). */
  async lock(em: EntityManager, id: string): Promise<Task | null> {
    const [row]: Task[] = await em.query(`${SELECT_TASK} WHERE t.id = $1 FOR UPDATE OF t`, [id]);
    return row ?? null;
  }

  async assign(em: EntityManager, id: string, staffId: string): Promise<void> {
    await em.query('UPDATE tasks SET assignee = $2, assigned_at = now(), version = version + 1, updated_at = now() WHERE id = $1', [id, staffId]);
  }

  async complete(em: EntityManager, id: string, outcome: string, by: string): Promise<void> {
    await em.query(
      `UPDATE tasks SET status = 'done', outcome = $2, completed_at = now(), completed_by = $3, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, outcome, by],
    );
  }
}
