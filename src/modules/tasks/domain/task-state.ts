/**
 * A team task is open until done. Assigning (or re-assigning) is allowed while open; completing
 * an open task records its outcome; nothing changes a done task. Pure: the service asks these.
 */
export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_ACTIONS = ['assign', 'complete'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

const TRANSITIONS: Record<TaskStatus, Partial<Record<TaskAction, TaskStatus>>> = {
  open: { assign: 'open', complete: 'done' },
  done: {},
};

/** The status after `action`, or null when the action is not allowed from `status`. */
export function nextTaskStatus(status: TaskStatus, action: TaskAction): TaskStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

/** An open task whose due time has passed. */
export function isOverdue(task: { status: TaskStatus; dueAt: Date }, now: Date): boolean {
  return task.status === 'open' && task.dueAt.getTime() < now.getTime();
}
