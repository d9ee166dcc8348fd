import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { Forbidden } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { type TaskAction, type TaskStatus, isOverdue, nextTaskStatus } from './domain/task-state';
import type { TaskView } from './dto/task.dto';
import { TaskInvalidTransition, TaskNotFound } from './task-errors';
import { type Task, TasksRepository } from './tasks.repository';

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

function toView(r: Task, now: Date): TaskView {
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    detail: r.detail,
    nhsNumber: r.nhsNumber,
    patientId: r.patientId,
    teamCode: r.teamCode,
    dueAt: r.dueAt.toISOString(),
    overdue: isOverdue(r, now),
    source: { type: r.sourceType, id: r.sourceId },
    status: r.status,
    assignee: r.assignee,
    assignedAt: r.assignedAt?.toISOString() ?? null,
    outcome: r.outcome,
    completedAt: r.completedAt?.toISOString() ?? null,
    completedBy: r.completedBy,
    createdAt: r.createdAt.toISOString(),
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
    private readonly repo: TasksRepository,
    private readonly clock: Clock,
  ) {}

  /** Creates a task in the caller's transaction; returns its id, or null when dedupeKey already exists. */
  create(em: EntityManager, task: CreateTask): Promise<string | null> {
    return this.repo.insert(em, {
      type: task.type,
      teamCode: task.teamCode,
      patientId: task.patientId ?? null,
      title: task.title,
      detail: task.detail ?? null,
      dueAt: task.dueAt,
      sourceType: task.source.type,
      sourceId: task.source.id ?? null,
      dedupeKey: task.dedupeKey ?? null,
      createdBy: task.createdBy ?? null,
      // Reminders stop when the patient has died: nobody is asked to review or contact them.
      unlessDied: Boolean(task.patientId) && (REMINDERS as readonly string[]).includes(task.type),
    });
  }

  /** Completes the open task with this dedupe key, in the caller's transaction (e.g. a trace resolved by the system). */
  completeByKey(em: EntityManager, dedupeKey: string, outcome: string, by: string): Promise<void> {
    return this.repo.completeByKey(em, dedupeKey, outcome, by);
  }

  /** Creates the task, or rewrites the detail of the open one with the same dedupe key. */
  async upsertDetail(em: EntityManager, task: CreateTask & { dedupeKey: string }): Promise<void> {
    if (!(await this.repo.setOpenDetail(em, task.dedupeKey, task.detail ?? null))) await this.create(em, task);
  }

  /** The team of the open task with this dedupe key, if there is one. */
  teamOfOpen(em: EntityManager, dedupeKey: string): Promise<string | null> {
    return this.repo.teamOfOpen(em, dedupeKey);
  }

  /** Ordered by due time (then id); default status open. */
  async list(ctx: RequestContext, q: ListTasks): Promise<Page<TaskView>> {
    const now = this.clock.now();
    const teams = this.teamsInScope(ctx, q.team);
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    return this.db.transaction(async (em) => {
      const rows = await this.repo.list(em, {
        teamCodes: teams,
        status: q.status ?? 'open',
        overdue: q.overdue,
        now,
        assignee: q.assignee === 'me' ? ctx.principal.sub : q.assignee,
        unassigned: q.unassigned,
        type: q.type,
        after,
        limit: q.limit + 1,
      });
      const page = toPage(rows, q.limit, (r) => [r.cursorAt, r.id], (r) => toView(r, now));
      await this.audit.recordPageRead(em, ctx, 'task', rows.slice(0, q.limit));
      return page;
    });
  }

  /** One task of the caller's teams (audited like a list read); another team's task is not found. */
  async get(ctx: RequestContext, id: string): Promise<TaskView> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new TaskNotFound();
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const row = await this.repo.byId(em, id);
      if (!row || !ctx.principal.teams.includes(row.teamCode)) throw new TaskNotFound();
      if (row.patientId) {
        await this.audit.record(em, ctx, { action: 'task.read', resourceType: 'task', resourceId: id, patient: { id: row.patientId, nhsNumber: row.nhsNumber } });
      }
      return toView(row, now);
    });
  }

  assign(ctx: RequestContext, id: string, staffId: string): Promise<TaskView> {
    return this.change(ctx, id, 'assign', (em) => this.repo.assign(em, id, staffId));
  }

  complete(ctx: RequestContext, id: string, outcome: string): Promise<TaskView> {
    return this.change(ctx, id, 'complete', (em) => this.repo.complete(em, id, outcome, ctx.principal.sub));
  }

  private async change(ctx: RequestContext, id: string, action: TaskAction, apply: (em: EntityManager) => Promise<void>): Promise<TaskView> {
    return this.db.transaction(async (em) => {
      const row = await this.repo.lock(em, id);
      if (!row || !ctx.principal.teams.includes(row.teamCode)) throw new TaskNotFound();
      if (nextTaskStatus(row.status, action) === null) {
        throw new TaskInvalidTransition(`A ${row.status} task cannot be ${action === 'assign' ? 'assigned' : 'completed'}`);
      }
      await apply(em);
      const updated = (await this.repo.byId(em, id)) as Task;
      if (updated.patientId) {
        await this.audit.record(em, ctx, {
          action: `task.${action}`,
          resourceType: 'task',
          resourceId: id,
          patient: { id: updated.patientId, nhsNumber: updated.nhsNumber },
        });
      }
      return toView(updated, this.clock.now());
    });
  }

  private teamsInScope(ctx: RequestContext, team?: string): string[] {
    if (team === undefined) return ctx.principal.teams;
    if (!ctx.principal.teams.includes(team)) throw new Forbidden('You can read the tasks of your own teams only');
    return [team];
  }
}
