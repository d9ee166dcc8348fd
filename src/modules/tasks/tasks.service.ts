import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Forbidden } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { type TaskAction, type TaskStatus, isOverdue, nextTaskStatus } from './domain/task-state';
import type { TaskView } from './dto/task.dto';
import { TaskInvalidTransition, TaskNotFound } from './task-errors';

/** Tasks that remind someone to contact or review a patient: never created for a patient who has died. */
export const REMINDERS = ['post_discharge_follow_up', 'proactive_care_review', 'care_plan_review_due'] as const;

/** What another capability passes to create a task inside its own transaction. */
export interface CreateTask {
  type: string;
  teamCode: string;
  title: string;
  dueAt: Date;
  /** What created it, e.g. { type: 'referral', id }. */
  source: { type: string; id?: string | null };
  patientId?: string | null;
  detail?: string | null;
  createdBy?: string | null;
  /** When set, creating the same task again (from any instance) creates nothing new. */
  dedupeKey?: string;
}

interface TaskRow {
  id: string;
  type: string;
  title: string;
  detail: string | null;
  team_code: string;
  patient_id: string | null;
  nhs_number: string | null;
  status: TaskStatus;
  due_at: Date;
  source_type: string;
  source_id: string | null;
  assignee: string | null;
  assigned_at: Date | null;
  outcome: string | null;
  completed_at: Date | null;
  completed_by: string | null;
  created_at: Date;
}

const SELECT_TASK = `SELECT t.id, t.type, t.title, t.detail, t.team_code, t.patient_id, p.nhs_number, t.status, t.due_at,
  t.source_type, t.source_id, t.assignee, t.assigned_at, t.outcome, t.completed_at, t.completed_by, t.created_at
  FROM tasks t LEFT JOIN patients p ON p.id = t.patient_id`;

function toView(r: TaskRow, now: Date): TaskView {
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    detail: r.detail,
    nhsNumber: r.nhs_number,
    patientId: r.patient_id,
    teamCode: r.team_code,
    dueAt: r.due_at.toISOString(),
    overdue: isOverdue({ status: r.status, dueAt: r.due_at }, now),
    source: { type: r.source_type, id: r.source_id },
    status: r.status,
    assignee: r.assignee,
    assignedAt: r.assigned_at?.toISOString() ?? null,
    outcome: r.outcome,
    completedAt: r.completed_at?.toISOString() ?? null,
    completedBy: r.completed_by,
    createdAt: r.created_at.toISOString(),
  };
}

export interface ListTasks {
  team?: string;
  status?: TaskStatus;
  overdue?: boolean;
  assignee?: string;
  unassigned?: boolean;
  type?: string;
  limit: number;
  cursor?: string;
}

/** The team task worklist. Users see and work the tasks of their own teams only. */
@Injectable()
export class TasksService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Creates a task in the caller's transaction; returns its id, or null when dedupeKey already exists. */
  async create(em: EntityManager, task: CreateTask): Promise<string | null> {
    if (task.patientId && (REMINDERS as readonly string[]).includes(task.type)) {
      // Reminders stop when the patient has died: nobody is asked to review or contact them.
      const [dead]: { deceased: boolean }[] = await em.query('SELECT deceased_at IS NOT NULL AS deceased FROM patients WHERE id = $1', [task.patientId]);
      if (dead?.deceased) return null;
    }
    const rows: { id: string }[] = await em.query(
      `INSERT INTO tasks (type, team_code, patient_id, title, detail, due_at, source_type, source_id, dedupe_key, created_by, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        task.type,
        task.teamCode,
        task.patientId ?? null,
        task.title,
        task.detail ?? null,
        task.dueAt,
        task.source.type,
        task.source.id ?? null,
        task.dedupeKey ?? null,
        task.createdBy ?? null,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** Completes the open task with this dedupe key, in the caller's transaction (e.g. a trace resolved by the system). */
  async completeByKey(em: EntityManager, dedupeKey: string, outcome: string, by: string): Promise<void> {
    await em.query(
      `UPDATE tasks SET status = 'done', outcome = $2, completed_at = now(), completed_by = $3, version = version + 1, updated_at = now()
       WHERE dedupe_key = $1 AND status = 'open'`,
      [dedupeKey, outcome, by],
    );
  }

  /** Creates the task, or rewrites the detail of the open one with the same dedupe key. Returns the team of the task. */
  async upsertDetail(em: EntityManager, task: CreateTask & { dedupeKey: string }): Promise<void> {
    const [[updated]]: [{ id: string }[], number] = await em.query(
      `UPDATE tasks SET detail = $2, version = version + 1, updated_at = now() WHERE dedupe_key = $1 AND status = 'open' RETURNING id`,
      [task.dedupeKey, task.detail ?? null],
    );
    if (!updated) await this.create(em, task);
  }

  /** The team of the open task with this dedupe key, if there is one. */
  async teamOfOpen(em: EntityManager, dedupeKey: string): Promise<string | null> {
    const [row]: { team_code: string }[] = await em.query(`SELECT team_code FROM tasks WHERE dedupe_key = $1 AND status = 'open'`, [dedupeKey]);
    return row?.team_code ?? null;
  }

  /** Ordered by due time (then id); default status open. */
  async list(ctx: RequestContext, q: ListTasks, now = new Date()): Promise<Page<TaskView>> {
    const teams = this.teamsInScope(ctx, q.team);
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    return this.db.transaction(async (em) => {
      const params: unknown[] = [teams, q.status ?? 'open'];
      const where = ['t.team_code = ANY($1)', 't.status = $2'];
      const add = (sql: (n: string) => string, value: unknown) => {
        params.push(value);
        where.push(sql(`$${params.length}`));
      };
      if (q.overdue !== undefined) add((n) => (q.overdue ? `t.status = 'open' AND t.due_at < ${n}` : `NOT (t.status = 'open' AND t.due_at < ${n})`), now);
      if (q.assignee) add((n) => `t.assignee = ${n}`, q.assignee === 'me' ? ctx.principal.sub : q.assignee);
      if (q.unassigned) where.push('t.assignee IS NULL');
      if (q.type) add((n) => `t.type = ${n}`, q.type);
      if (after) {
        params.push(after[0], after[1]);
        where.push(`(t.due_at, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(q.limit + 1);
      const rows: TaskRow[] = await em.query(
        `${SELECT_TASK} WHERE ${where.join(' AND ')} ORDER BY t.due_at, t.id LIMIT $${params.length}`,
        params,
      );
      const page = toPage(rows, q.limit, (r) => [r.due_at.toISOString(), r.id], (r) => toView(r, now));
      await this.audit.record(
        em,
        ctx,
        rows
          .slice(0, q.limit)
          .filter((r) => r.patient_id)
          .map((r) => ({ action: 'task.read', resourceType: 'task', resourceId: r.id, patient: { id: r.patient_id as string, nhsNumber: r.nhs_number } })),
      );
      return page;
    });
  }

  /** One task of the caller's teams (audited like a list read); another team's task is not found. */
  async get(ctx: RequestContext, id: string, now = new Date()): Promise<TaskView> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new TaskNotFound();
    return this.db.transaction(async (em) => {
      const [row]: TaskRow[] = await em.query(`${SELECT_TASK} WHERE t.id = $1`, [id]);
      if (!row || !ctx.principal.teams.includes(row.team_code)) throw new TaskNotFound();
      if (row.patient_id) {
        await this.audit.record(em, ctx, { action: 'task.read', resourceType: 'task', resourceId: id, patient: { id: row.patient_id, nhsNumber: row.nhs_number } });
      }
      return toView(row, now);
    });
  }

  assign(ctx: RequestContext, id: string, staffId: string): Promise<TaskView> {
    return this.change(ctx, id, 'assign', (em) =>
      em.query('UPDATE tasks SET assignee = $2, assigned_at = now(), version = version + 1, updated_at = now() WHERE id = $1', [id, staffId]),
    );
  }

  complete(ctx: RequestContext, id: string, outcome: string): Promise<TaskView> {
    return this.change(ctx, id, 'complete', (em) =>
      em.query(
        `UPDATE tasks SET status = 'done', outcome = $2, completed_at = now(), completed_by = $3, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [id, outcome, ctx.principal.sub],
      ),
    );
  }

  private async change(ctx: RequestContext, id: string, action: TaskAction, apply: (em: EntityManager) => Promise<unknown>): Promise<TaskView> {
    return this.db.transaction(async (em) => {
      const [row]: TaskRow[] = await em.query(`${SELECT_TASK} WHERE t.id = $1 FOR UPDATE OF t`, [id]);
      if (!row || !ctx.principal.teams.includes(row.team_code)) throw new TaskNotFound();
      if (nextTaskStatus(row.status, action) === null) {
        throw new TaskInvalidTransition(`A ${row.status} task cannot be ${action === 'assign' ? 'assigned' : 'completed'}`);
      }
      await apply(em);
      const [updated]: TaskRow[] = await em.query(`${SELECT_TASK} WHERE t.id = $1`, [id]);
      if (updated.patient_id) {
        await this.audit.record(em, ctx, {
          action: `task.${action}`,
          resourceType: 'task',
          resourceId: id,
          patient: { id: updated.patient_id, nhsNumber: updated.nhs_number },
        });
      }
      return toView(updated, new Date());
    });
  }

  private teamsInScope(ctx: RequestContext, team?: string): string[] {
    if (team === undefined) return ctx.principal.teams;
    if (!ctx.principal.teams.includes(team)) throw new Forbidden('You can read the tasks of your own teams only');
    return [team];
  }
}
